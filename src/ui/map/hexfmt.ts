// Exact spellings of 64-bit values for the map: hex with '_' every four digits (the way kernel
// developers group long addresses), and sizes in words and in hex. Never lossy: nothing here
// turns a bigint into a number except to print a human size rounded to one decimal.

import { formatSize } from '../../core/u64';

/** Groups a string of hex digits by four from the right: "7ffffffff000" -> "7fff_ffff_f000". */
export function groupDigits(digits: string): string {
  let out = '';
  for (let end = digits.length; end > 0; end -= 4) {
    const part = digits.slice(Math.max(0, end - 4), end);
    out = out ? `${part}_${out}` : part;
  }
  return out;
}

/** Shortest exact hex, grouped: 0x0, 0x1000, 0x7fff_ffff_f000, 0xffff_ffff_ffff_ffff. */
export function hexGrouped(x: bigint): string {
  return '0x' + groupDigits(x.toString(16));
}

/** All 16 digits, grouped, so that columns of addresses line up: 0x0000_7fff_ffff_f000. */
export function hexFull(x: bigint): string {
  return '0x' + groupDigits(x.toString(16).padStart(16, '0'));
}

/**
 * The size of an inclusive range [first, last] in words and in hex: "8 KiB (0x2000)".
 * A range over the whole 64-bit space is 2^64 bytes, one more than any u64.
 */
export function sizeText(first: bigint, last: bigint): string {
  const size = last - first + 1n;
  if (size === 1n << 64n) return '16 EiB (2^64)';
  return `${formatSize(size)} (${hexGrouped(size)})`;
}

/** Bytes per pixel in words, for the zoom readout: "4 KiB/px", "1.5 TiB/px", "0.25 B/px". */
export function bytesPerPxText(bytesPerPx: number): string {
  if (bytesPerPx < 1) return `${bytesPerPx.toPrecision(2)} B/px`;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytesPerPx;
  let u = 0;
  while (u < units.length - 1 && v >= 1024) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}/px`;
}
