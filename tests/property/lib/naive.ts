// Deliberately simple interval arithmetic for the reference models: plain arrays, inclusive
// bigint bounds, O(n) scans, re-sorting after every change. Nothing here shares code with the
// core (src/core/intervals.ts); a model built on the code under test would prove nothing.

import { U64_MAX } from './harness';

export interface Iv {
  readonly first: bigint;
  readonly last: bigint;
}

export const len = (a: Iv): bigint => a.last - a.first + 1n;

export const intersects = (a: Iv, first: bigint, last: bigint): boolean => a.first <= last && a.last >= first;

export const within = (a: Iv, outer: Iv): boolean => a.first >= outer.first && a.last <= outer.last;

export function byFirst(a: Iv, b: Iv): number {
  return a.first < b.first ? -1 : a.first > b.first ? 1 : a.last < b.last ? -1 : a.last > b.last ? 1 : 0;
}

export function sorted<T extends Iv>(xs: readonly T[]): T[] {
  return [...xs].sort(byFirst);
}

/** The union as disjoint sorted spans, adjacent spans merged. */
export function union(xs: readonly Iv[]): Iv[] {
  const out: { first: bigint; last: bigint }[] = [];
  for (const x of sorted(xs)) {
    const top = out[out.length - 1];
    if (top && x.first <= top.last + 1n) {
      if (x.last > top.last) top.last = x.last;
    } else {
      out.push({ first: x.first, last: x.last });
    }
  }
  return out;
}

/** The parts of [lo, hi] covered by none of xs, ascending. */
export function holes(xs: readonly Iv[], lo: bigint, hi: bigint): Iv[] {
  const out: Iv[] = [];
  let cur = lo;
  for (const u of union(xs)) {
    if (u.last < cur) continue;
    if (u.first > hi) break;
    if (u.first > cur) out.push({ first: cur, last: u.first - 1n });
    if (u.last >= hi) return out;
    cur = u.last + 1n;
  }
  if (cur <= hi) out.push({ first: cur, last: hi });
  return out;
}

/** The smallest power of two >= x (x >= 1). */
export function roundupPow2(x: bigint): bigint {
  let p = 1n;
  while (p < x) p <<= 1n;
  return p;
}

/** 1 << __ffs(x) (x != 0). */
export function lowestBit(x: bigint): bigint {
  let b = 1n;
  while ((x & b) === 0n) b <<= 1n;
  return b;
}

/** a + b wrapped into [0, 2^64), as u64 arithmetic in C. */
export const wrap = (x: bigint): bigint => ((x % (1n << 64n)) + (1n << 64n)) % (1n << 64n);

export const overflows = (a: bigint, b: bigint): boolean => a + b > U64_MAX;
