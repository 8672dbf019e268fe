// Binary searches over a RangeSet's parallel arrays. Within one RangeSet the ranges are sorted
// and disjoint, so both `first` and `last` are increasing: the visible slice of 100k mappings is
// found in ~17 steps, and nothing ever walks the whole set per frame.

/** The first index i in [lo, hi) with last[i] >= addr (hi when there is none). */
export function firstEndingAtOrAfter(last: BigUint64Array, addr: bigint, lo = 0, hi = last.length): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if ((last[m] as bigint) < addr) a = m + 1;
    else b = m;
  }
  return a;
}

/** The first index i in [lo, hi) with first[i] > addr (hi when there is none). */
export function firstStartingAfter(first: BigUint64Array, addr: bigint, lo = 0, hi = first.length): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if ((first[m] as bigint) <= addr) a = m + 1;
    else b = m;
  }
  return a;
}

/** The index of the range containing addr, or -1. */
export function indexContaining(first: BigUint64Array, last: BigUint64Array, addr: bigint): number {
  const i = firstEndingAtOrAfter(last, addr);
  return i < last.length && (first[i] as bigint) <= addr ? i : -1;
}

/** The index range [from, to) of the ranges that intersect [lo, hi]. */
export function indicesIntersecting(first: BigUint64Array, last: BigUint64Array, lo: bigint, hi: bigint): [number, number] {
  const from = firstEndingAtOrAfter(last, lo);
  const to = firstStartingAfter(first, hi, from);
  return [from, to];
}

/** The index of the range exactly [f, l], or -1. */
export function indexOfRange(first: BigUint64Array, last: BigUint64Array, f: bigint, l: bigint): number {
  const i = indexContaining(first, last, f);
  return i >= 0 && first[i] === f && last[i] === l ? i : -1;
}
