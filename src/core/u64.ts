// Unsigned 64-bit arithmetic on bigint, as the kernel does it on u64 / unsigned long.
// Every IOVA, size and address in the core is a bigint in [0, 2^64 - 1]; nothing here
// ever converts to a JS number (which loses exactness past 2^53).

export type u64 = bigint;

export const U64_MAX: u64 = (1n << 64n) - 1n;
export const U32_MAX: u64 = (1n << 32n) - 1n;
export const U16_MAX = 65535;
/** ULONG_MAX on a 64-bit kernel. */
export const ULONG_MAX: u64 = U64_MAX;
/** SIZE_MAX on a 64-bit kernel. */
export const SIZE_MAX: u64 = U64_MAX;

export const KiB = 1n << 10n;
export const MiB = 1n << 20n;
export const GiB = 1n << 30n;
export const TiB = 1n << 40n;

/** The wrapped sum, like C's u64 addition. */
export function add64(a: u64, b: u64): u64 {
  return (a + b) & U64_MAX;
}

/** `check_add_overflow(a, b, &r)`: true when a + b does not fit in 64 bits. */
export function addOverflows(a: u64, b: u64): boolean {
  return a + b > U64_MAX;
}

/** Inclusive last address of [start, start + length), or null when it wraps past 2^64 - 1. */
export function lastOf(start: u64, length: u64): u64 | null {
  if (length === 0n) return null;
  const last = start + length - 1n;
  return last > U64_MAX ? null : last;
}

export function isPow2(x: u64): boolean {
  return x > 0n && (x & (x - 1n)) === 0n;
}

/** __ffs: index of the lowest set bit (x must be non-zero). */
export function ffs(x: u64): number {
  if (x === 0n) throw new RangeError('ffs(0) is undefined');
  let n = 0;
  while (((x >> BigInt(n)) & 1n) === 0n) n++;
  return n;
}

/** fls64 - 1: index of the highest set bit (x must be non-zero). */
export function fls(x: u64): number {
  if (x === 0n) throw new RangeError('fls(0) is undefined');
  return x.toString(2).length - 1;
}

/** The lowest set bit as a value: 1 << __ffs(x). */
export function lowestBit(x: u64): u64 {
  return x & -x;
}

export function roundupPow2(x: u64): u64 {
  if (x <= 1n) return 1n;
  return 1n << BigInt(fls(x - 1n) + 1);
}

/** ALIGN(x, a) for a power of two; null when it would pass 2^64 - 1. */
export function alignUp(x: u64, a: u64): u64 | null {
  const r = (x + a - 1n) & ~(a - 1n);
  return r > U64_MAX ? null : r;
}

export function alignDown(x: u64, a: u64): u64 {
  return x & ~(a - 1n);
}

export function isAligned(x: u64, a: u64): boolean {
  return (x & (a - 1n)) === 0n;
}

export function min64(a: u64, b: u64): u64 {
  return a < b ? a : b;
}

export function max64(a: u64, b: u64): u64 {
  return a > b ? a : b;
}

/** Canonical spelling of 64-bit values in results and inspect output: lowercase hex. */
export function hex(x: u64): string {
  return '0x' + x.toString(16);
}

/** Hex padded to 16 digits with '_' separators, for dense UI labels. */
export function hexWide(x: u64): string {
  const s = x.toString(16).padStart(16, '0');
  return `0x${s.slice(0, 4)}_${s.slice(4, 8)}_${s.slice(8, 12)}_${s.slice(12)}`;
}

const HEX_RE = /^0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*$/;
const DEC_RE = /^[0-9](?:_?[0-9])*$/;

/**
 * Parses a scenario's 64-bit value: "0x..." hex or decimal (underscores allowed as
 * separators), or a JS number that is a safe non-negative integer. Returns an error
 * message instead of throwing so callers can name the field.
 */
export function parseU64(v: unknown): { ok: true; value: u64 } | { ok: false; message: string } {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && v >= 0) return { ok: true, value: BigInt(v) };
    return { ok: false, message: `${v} is not an exact non-negative integer; write 64-bit values as strings ("0x...")` };
  }
  if (typeof v === 'bigint') {
    if (v >= 0n && v <= U64_MAX) return { ok: true, value: v };
    return { ok: false, message: `${v} does not fit in 64 bits` };
  }
  if (typeof v !== 'string') return { ok: false, message: `expected a 64-bit value as a string, got ${typeName(v)}` };
  const t = v.trim();
  if (t.length === 0 || t.length > 90) return { ok: false, message: `"${clip(v)}" is not a hex ("0x...") or decimal value` };
  let value: bigint;
  if (HEX_RE.test(t)) value = BigInt('0x' + t.slice(2).replace(/_/g, ''));
  else if (DEC_RE.test(t)) value = BigInt(t.replace(/_/g, ''));
  else return { ok: false, message: `"${clip(v)}" is not a hex ("0x...") or decimal value` };
  if (value > U64_MAX) return { ok: false, message: `${clip(v)} does not fit in 64 bits (max 0xffffffffffffffff)` };
  return { ok: true, value };
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** Human size: 4 KiB, 2 MiB, 1.5 GiB; exact for powers of two. */
export function formatSize(x: u64): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let u = 0;
  let v = x;
  while (u < units.length - 1 && v >= 1024n && v % 1024n === 0n) {
    v /= 1024n;
    u++;
  }
  if (v < 1024n || u === units.length - 1) return `${v} ${units[u]}`;
  // Not an exact multiple: one decimal in the largest unit that fits.
  let f = Number(x);
  let k = 0;
  while (k < units.length - 1 && f >= 1024) {
    f /= 1024;
    k++;
  }
  return `${f.toFixed(1)} ${units[k]}`;
}
