// How the inspector spells values: 64-bit numbers in exact hex (never through a float), with
// a human size next to the ones that are sizes and the page sizes a pgsize bitmap stands for.
// Pure, so it is unit-tested.

import type { AttrValue } from '../../core/view/types';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

export function hex(v: bigint): string {
  return (v < 0n ? '-0x' : '0x') + (v < 0n ? -v : v).toString(16);
}

/**
 * A byte count for people: exact in the largest binary unit that divides it ("2 MiB",
 * "4078 MiB", "16 EiB"), else about so much in the largest unit it reaches ("≈ 1.50 MiB").
 */
export function humanSize(n: bigint): string {
  if (n < 0n) return `-${humanSize(-n)}`;
  if (n < 1024n) return `${n} B`;
  let top = 0;
  while (top + 1 < UNITS.length && n >= 1n << BigInt(10 * (top + 1))) top++;
  for (let u = top; u >= 1; u--) {
    const unit = 1n << BigInt(10 * u);
    if (n % unit === 0n && n / unit < 10_000n) return `${n / unit} ${UNITS[u]}`;
  }
  // Two decimals from an integer division first, so no float ever holds the whole value.
  const unit = 1n << BigInt(10 * top);
  const hundredths = (n * 100n) / unit;
  return `≈ ${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')} ${UNITS[top]}`;
}

/** The page sizes a pgsize bitmap allows: "4 KiB, 2 MiB, 1 GiB" (long lists are cut). */
export function pageSizes(bitmap: bigint, max = 6): string {
  const sizes: string[] = [];
  for (let bit = 0n; bit < 64n; bit++) if ((bitmap >> bit) & 1n) sizes.push(humanSize(1n << bit));
  if (sizes.length === 0) return 'none';
  if (sizes.length <= max) return sizes.join(', ');
  return `${sizes.slice(0, max - 1).join(', ')}, … ${sizes[sizes.length - 1]} (${sizes.length} sizes)`;
}

/** Attribute names that hold a byte count (window_size, length, tableBytes...). */
export function isSizeKey(key: string): boolean {
  if (/pgsize|bitmap|count|pages?$|shift|levels?$/i.test(key)) return false;
  return /(^|_)(size|length|len|bytes)$/i.test(key) || /[a-z](Size|Length|Bytes)$/.test(key);
}

export function isPgsizeKey(key: string): boolean {
  return /pgsize/i.test(key);
}

export interface ValueText {
  /** The value as shown (hex for bigint). */
  readonly text: string;
  /** A bigint worth copying as hex. */
  readonly hex: bigint | null;
  /** A gloss after the value: a human size, page sizes. */
  readonly note: string | null;
}

export function attrText(key: string, v: AttrValue): ValueText {
  if (typeof v === 'bigint') {
    const note = isPgsizeKey(key) ? pageSizes(v) : isSizeKey(key) ? humanSize(v) : null;
    return { text: hex(v), hex: v, note };
  }
  if (typeof v === 'number') {
    const note = Number.isSafeInteger(v) && v >= 0 && isSizeKey(key) ? humanSize(BigInt(v)) : null;
    return { text: String(v), hex: null, note };
  }
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false', hex: null, note: null };
  if (v === null) return { text: '—', hex: null, note: null };
  return { text: v, hex: null, note: null };
}

/** The number of bytes of an inclusive range, exact (2^64 for the whole space). */
export function rangeSize(first: bigint, last: bigint): bigint {
  return last - first + 1n;
}
