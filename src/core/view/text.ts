// Small wording helpers shared by the node details and the change summaries. Addresses are
// always exact lowercase hex (the kernel's own %llx), never rounded.

import type { u64 } from '../u64';
import { hex } from '../u64';

/** "[0x1000, 0x1fff]": an inclusive range as the kernel's debug output prints one. */
export function span(first: u64, last: u64): string {
  return `[${hex(first)}, ${hex(last)}]`;
}

/** "1 mapping" / "2 mappings". */
export function count(n: number | bigint, one: string, many = one + 's'): string {
  return `${n} ${n === 1 || n === 1n ? one : many}`;
}

const SIZE_UNITS: readonly [bigint, string][] = [
  [1n << 60n, 'E'], [1n << 50n, 'P'], [1n << 40n, 'T'], [1n << 30n, 'G'], [1n << 20n, 'M'], [1n << 10n, 'K'],
];

/** A power-of-two page size as the kernel's documentation writes it: 4K, 2M, 1G, 512G. */
export function pageSizeName(size: u64): string {
  for (const [unit, name] of SIZE_UNITS) if (size >= unit && size % unit === 0n) return `${size / unit}${name}`;
  return size.toString();
}

/** The sizes of a pgsize_bitmap, ascending: "4K|2M|1G"; long bitmaps (AMD) as "4K..2T (39 sizes)". */
export function pgsizeList(bitmap: u64): string {
  const sizes: u64[] = [];
  for (let b = 0n; b < 64n; b++) if ((bitmap >> b) & 1n) sizes.push(1n << b);
  if (sizes.length === 0) return 'none';
  if (sizes.length <= 4) return sizes.map(pageSizeName).join('|');
  return `${pageSizeName(sizes[0]!)}..${pageSizeName(sizes[sizes.length - 1]!)} (${sizes.length} sizes)`;
}

/** "26, 27" or "none". */
export function list(xs: readonly (number | string)[]): string {
  return xs.length ? xs.join(', ') : 'none';
}

export function plural(n: number, word: string): string {
  return n === 1 ? word : word + 's';
}
