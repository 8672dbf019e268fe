// Frame timings for the automation API and the lead's bench: a ring of the last samples and
// their percentiles. Pure (the caller passes the durations).

export interface StatSummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export class FrameStats {
  private readonly buf: Float64Array;
  private n = 0;
  private next = 0;

  constructor(capacity = 1200) {
    this.buf = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.buf[this.next] = ms;
    this.next = (this.next + 1) % this.buf.length;
    this.n = Math.min(this.n + 1, this.buf.length);
  }

  reset(): void {
    this.n = 0;
    this.next = 0;
  }

  summary(): StatSummary {
    return summarize(Array.from(this.buf.subarray(0, this.n)));
  }
}

/** Nearest-rank percentiles of a list of durations (ms, rounded to 0.01). */
export function summarize(samples: readonly number[]): StatSummary {
  if (samples.length === 0) return { count: 0, p50: 0, p95: 0, max: 0 };
  const s = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { count: s.length, p50: r(rank(0.5)), p95: r(rank(0.95)), max: r(s[s.length - 1]!) };
}
