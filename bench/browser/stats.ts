// Small statistics and output helpers for the benches (the browser bench, and core.bench.ts and
// vhost.bench.ts for print and rng).

/** Nearest-rank percentile of samples (p in 0..1). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

export function max(samples: readonly number[]): number {
  return samples.reduce((a, b) => Math.max(a, b), -Infinity);
}

/** One figure, as the core bench prints them: `name: value unit`. */
export function print(name: string, value: number | string, unit = '', digits = 1): void {
  const v = typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(digits) : 'n/a') : value;
  console.log(`${name}: ${v}${unit ? ' ' + unit : ''}`);
}

/** Deterministic xorshift32 in [0, 1), so runs seek the same steps. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}
