// Exact text for the page-table view: hex addresses, bit ranges, byte counts and sizes.
// Everything stays bigint; a size is written in binary units only when it is an exact
// multiple of the unit, otherwise as bytes (the human form is a separate, marked approximation).

export function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

/** 16 hex digits (leading zeros kept), for the bit strip's nibble row. */
export function hex64Digits(v: bigint): string {
  return v.toString(16).padStart(16, '0');
}

/** `[47:39]`, or `[5]` for a single bit. */
export function bitRange(hi: number, lo: number): string {
  return hi === lo ? `[${hi}]` : `[${hi}:${lo}]`;
}

/** 2109440 -> "2,109,440". */
export function groupThousands(n: bigint): string {
  const neg = n < 0n;
  const s = (neg ? -n : n).toString();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return (neg ? '-' : '') + out;
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB'] as const;

/**
 * A size as a kernel developer writes it, exactly: 4096 -> "4 KiB", 2^64 -> "16 EiB",
 * 3 MiB -> "3 MiB"; a size that is no whole number of KiB stays in bytes: 1536 -> "1,536 bytes".
 */
export function exactSize(bytes: bigint): string {
  if (bytes === 0n) return '0 bytes';
  let u = 0;
  let v = bytes;
  while (u < UNITS.length - 1 && v % 1024n === 0n && v >= 1024n) {
    v /= 1024n;
    u++;
  }
  return u === 0 ? `${groupThousands(bytes)} ${bytes === 1n ? 'byte' : 'bytes'}` : `${groupThousands(v)} ${UNITS[u]}`;
}

/**
 * An approximate human size (two decimals, truncated) in the largest unit that keeps the
 * value >= 1: 2109440 -> "2.01 MiB". Prefixed with "≈" unless exact.
 */
export function humanSize(bytes: bigint): string {
  if (bytes < 1024n) return `${bytes} ${bytes === 1n ? 'byte' : 'bytes'}`;
  let u = 0;
  let unit = 1n;
  while (u < UNITS.length - 1 && bytes >= unit * 1024n) {
    unit *= 1024n;
    u++;
  }
  const hundredths = (bytes * 100n) / unit;
  const whole = hundredths / 100n;
  const frac = hundredths % 100n;
  // Exact when the two decimals shown hold the whole value (1536 -> "1.5 KiB").
  const exact = (bytes * 100n) % unit === 0n;
  const num = frac === 0n ? groupThousands(whole) : `${groupThousands(whole)}.${frac.toString().padStart(2, '0').replace(/0$/, '')}`;
  return `${exact ? '' : '≈'}${num} ${UNITS[u]}`;
}

/** "2,109,440 bytes (≈2.01 MiB)"; "4,096 bytes (4 KiB)"; small counts without the human part. */
export function bytesWithHuman(bytes: bigint): string {
  const exact = `${groupThousands(bytes)} ${bytes === 1n ? 'byte' : 'bytes'}`;
  return bytes < 1024n ? exact : `${exact} (${humanSize(bytes)})`;
}

/** Inclusive span as the kernel prints it: "[0x40000000, 0x7fffffff]". */
export function spanText(first: bigint, last: bigint): string {
  return `[${hex(first)}, ${hex(last)}]`;
}

/** "0x1ff (511)": an index both ways. */
export function indexText(index: bigint): string {
  return `${hex(index)} (${index.toString()})`;
}
