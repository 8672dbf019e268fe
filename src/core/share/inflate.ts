// Inflating untrusted bytes under a byte budget. fflate's one-shot inflateSync keeps decoding a
// deflate bomb to its end even when given a fixed output buffer (it only drops the excess), so the
// input goes to a streaming inflater in small chunks and the output is counted as it comes: a
// bomb costs at most the budget plus what one chunk can expand to (about 1032 times its size).

import { Decompress, Inflate } from 'fflate';

export type InflateResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly kind: 'truncated' | 'corrupted' | 'too-large'; readonly message: string };

/** Input is pushed in chunks this size: bounds the output between two budget checks (~264 KB). */
const CHUNK = 256;

class OverBudget extends Error {}

export interface InflateOptions {
  /** Refuse when the output would exceed this many bytes. */
  readonly maxBytes: number;
  /** 'raw': a bare deflate stream (v1 links). 'auto': raw, zlib or gzip (hand-made links). */
  readonly format: 'raw' | 'auto';
  /** Preset dictionary (raw format only), as given to the deflater. */
  readonly dictionary?: Uint8Array;
}

export function boundedInflate(input: Uint8Array, opts: InflateOptions): InflateResult {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const onData = (chunk: Uint8Array): void => {
    total += chunk.length;
    if (total > opts.maxBytes) throw new OverBudget();
    if (chunk.length > 0) chunks.push(chunk);
  };
  const stream = opts.format === 'raw'
    ? new Inflate(opts.dictionary ? { dictionary: opts.dictionary } : {}, onData)
    : new Decompress(onData);
  try {
    // fflate's format sniffing (auto) waits for 3 bytes and silently drops a shorter final push.
    if (input.length < (opts.format === 'auto' ? 3 : 1)) return { ok: false, kind: 'truncated', message: `the compressed data is only ${input.length} byte${input.length === 1 ? '' : 's'} long` };
    for (let at = 0; at < input.length; at += CHUNK) {
      const end = Math.min(at + CHUNK, input.length);
      stream.push(input.subarray(at, end), end === input.length);
    }
  } catch (e) {
    if (e instanceof OverBudget) {
      return { ok: false, kind: 'too-large', message: `it inflates to more than ${formatBytes(opts.maxBytes)}, the limit for a link` };
    }
    return classify(e);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return { ok: true, bytes: out };
}

/** fflate's errors carry a code (FlateErrorCode): 0 is "unexpected EOF", the stream ended early. */
function classify(e: unknown): InflateResult {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const what = e instanceof Error ? e.message : String(e);
  if (code === 0) return { ok: false, kind: 'truncated', message: 'the compressed data ends before the end of its deflate stream (the link was cut short)' };
  return { ok: false, kind: 'corrupted', message: `the compressed data is not a valid deflate stream (${what})` };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
