// Interval bookkeeping for address spaces. All ranges are inclusive [first, last] over the
// whole 64-bit space (2^64 - 1 included), as the kernel's interval trees are.
//
// IntervalMap holds NON-overlapping intervals (IOAS areas, type1 dma entries, IOTLB entries)
// in a B+ tree keyed by `first`: O(log n) per insert / remove / lookup, nothing per page, and
// clone() is O(1) (copy-on-write nodes), which is what makes time-travel checkpoints cheap.
//
// RangeList holds a small number of possibly-overlapping ranges with owners (reserved
// regions, allowed ranges, apertures); linear scans are fine there.

import BTreeImport from 'sorted-btree';
import diffAgainstImport from 'sorted-btree/extended/diffAgainst';
import type { u64 } from './u64';
import { U64_MAX } from './u64';

export interface Interval {
  readonly first: u64;
  readonly last: u64;
}

// sorted-btree is CommonJS with `exports.default`: bundlers hand us the class, Node's ESM
// loader (the CLI under tsx) hands us the exports object. Accept both.
const BTree: typeof BTreeImport =
  (BTreeImport as unknown as { default?: typeof BTreeImport }).default ?? BTreeImport;
type BTree<K, V> = BTreeImport<K, V>;
const diffAgainst: typeof diffAgainstImport =
  (diffAgainstImport as unknown as { default?: typeof diffAgainstImport }).default ?? diffAgainstImport;

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

export class IntervalMap<V extends Interval> {
  private tree: BTree<bigint, V>;

  constructor(tree?: BTree<bigint, V>) {
    this.tree = tree ?? new BTree<bigint, V>(undefined, cmp, 64);
  }

  get size(): number {
    return this.tree.size;
  }

  /** O(1): the copy shares nodes with this map until either is written. */
  clone(): IntervalMap<V> {
    return new IntervalMap(this.tree.clone());
  }

  /** Inserts v; the caller has checked that it overlaps nothing. */
  insert(v: V): void {
    if (v.first > v.last) throw new RangeError('interval with first > last');
    if (!this.tree.set(v.first, v, false)) throw new RangeError('interval already present at ' + v.first.toString(16));
  }

  /** Replaces the value stored at v.first (same range, new attributes). */
  replace(v: V): void {
    this.tree.set(v.first, v, true);
  }

  remove(first: u64): boolean {
    return this.tree.delete(first);
  }

  get(first: u64): V | undefined {
    return this.tree.get(first);
  }

  /** The interval containing x, if any. */
  containing(x: u64): V | undefined {
    const p = this.tree.getPairOrNextLower(x);
    return p && p[1].last >= x ? p[1] : undefined;
  }

  /** The lowest interval intersecting [first, last]. */
  firstIntersecting(first: u64, last: u64): V | undefined {
    const below = this.tree.getPairOrNextLower(first);
    if (below && below[1].last >= first) return below[1];
    const above = this.tree.nextHigherPair(first);
    return above && above[0] <= last ? above[1] : undefined;
  }

  /** The highest interval intersecting [first, last]. */
  lastIntersecting(first: u64, last: u64): V | undefined {
    const p = this.tree.getPairOrNextLower(last);
    return p && p[1].last >= first ? p[1] : undefined;
  }

  intersects(first: u64, last: u64): boolean {
    // One descent: intervals are disjoint, so the one with the highest start <= last
    // intersects [first, last] whenever any does.
    return this.lastIntersecting(first, last) !== undefined;
  }

  /** Ascending intervals intersecting [first, last]. Safe against removal of the yielded item. */
  *intersecting(first: u64, last: u64): Generator<V> {
    let cur = this.firstIntersecting(first, last);
    while (cur && cur.first <= last) {
      const at = cur.first;
      const end = cur.last;
      yield cur;
      // Nothing after an interval reaching `last` can intersect: skip one more descent.
      if (end >= last) return;
      const next = this.tree.nextHigherPair(at);
      cur = next?.[1];
    }
  }

  /** The interval starting strictly after `first`. */
  next(first: u64): V | undefined {
    return this.tree.nextHigherPair(first)?.[1];
  }

  /** The interval whose start is >= x. */
  atOrAfter(x: u64): V | undefined {
    return this.tree.getPairOrNextHigher(x)?.[1];
  }

  *values(): Generator<V> {
    for (const [, v] of this.tree.entries()) yield v;
  }

  toArray(): V[] {
    return this.tree.valuesArray();
  }

  /** Ascending, without allocating per interval (the view model fills typed arrays with it). */
  forEach(fn: (v: V) => void): void {
    this.tree.forEachPair((_k, v) => {
      fn(v);
    });
  }

  /**
   * How this map differs from `before` (typically the same map one step earlier): intervals
   * only here, only there, and values replaced at the same start. Subtrees the two maps still
   * share since clone() are skipped, so a checkpoint diffed against its successor costs
   * O(changes * log n), not O(n). Without `changed`, a replacement is reported as removed + added.
   */
  diff(before: IntervalMap<V>, added: (v: V) => void, removed: (v: V) => void, changed?: (now: V, was: V) => void): void {
    diffAgainst(
      this.tree, before.tree,
      (_k, v) => {
        added(v);
      },
      (_k, v) => {
        removed(v);
      },
      (_k, now, was) => {
        if (changed) changed(now, was);
        else {
          removed(was);
          added(now);
        }
      },
    );
  }

  clear(): void {
    this.tree.clear();
  }

  /** Total bytes covered (sum of lengths); exact. */
  totalBytes(): bigint {
    let t = 0n;
    for (const [, v] of this.tree.entries()) t += v.last - v.first + 1n;
    return t;
  }
}

/** A range with an owner tag (who reserved it, and why). */
export interface OwnedRange extends Interval {
  readonly owner: string;
  readonly kind?: string;
}

/** A small, possibly-overlapping set of ranges; kept sorted by first. */
export class RangeList<R extends Interval = OwnedRange> {
  private items: R[];

  constructor(items: readonly R[] = []) {
    this.items = [...items].sort((a, b) => cmp(a.first, b.first) || cmp(a.last, b.last));
  }

  get size(): number {
    return this.items.length;
  }

  clone(): RangeList<R> {
    return new RangeList(this.items);
  }

  add(r: R): void {
    const i = this.items.findIndex((x) => cmp(x.first, r.first) > 0 || (x.first === r.first && x.last > r.last));
    if (i < 0) this.items.push(r);
    else this.items.splice(i, 0, r);
  }

  removeWhere(pred: (r: R) => boolean): number {
    const before = this.items.length;
    this.items = this.items.filter((r) => !pred(r));
    return before - this.items.length;
  }

  intersects(first: u64, last: u64): boolean {
    return this.items.some((r) => r.first <= last && r.last >= first);
  }

  firstIntersecting(first: u64, last: u64): R | undefined {
    return this.items.find((r) => r.first <= last && r.last >= first);
  }

  values(): readonly R[] {
    return this.items;
  }

  /** The union of the ranges as disjoint, sorted spans (adjacent spans are merged). */
  union(): Interval[] {
    return unionOf(this.items);
  }
}

/** Disjoint, sorted union of intervals; adjacent ones are merged. */
export function unionOf(items: readonly Interval[]): Interval[] {
  const sorted = [...items].sort((a, b) => cmp(a.first, b.first));
  const out: { first: u64; last: u64 }[] = [];
  for (const r of sorted) {
    const top = out[out.length - 1];
    if (top && (top.last === U64_MAX || r.first <= top.last + 1n)) {
      if (r.last > top.last) top.last = r.last;
    } else {
      out.push({ first: r.first, last: r.last });
    }
  }
  return out;
}

/** The holes of a set of intervals over [lo, hi] (the complement), sorted. */
export function holesOf(items: readonly Interval[], lo: u64 = 0n, hi: u64 = U64_MAX): Interval[] {
  const out: Interval[] = [];
  let cur = lo;
  let done = false;
  for (const r of unionOf(items)) {
    if (r.last < lo) continue;
    if (r.first > hi) break;
    if (r.first > cur) out.push({ first: cur, last: r.first - 1n });
    if (r.last >= hi) {
      done = true;
      break;
    }
    cur = r.last + 1n;
  }
  if (!done && cur <= hi) out.push({ first: cur, last: hi });
  return out;
}

/** Intersection of two sorted disjoint interval lists. */
export function intersectLists(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const first = x.first > y.first ? x.first : y.first;
    const last = x.last < y.last ? x.last : y.last;
    if (first <= last) out.push({ first, last });
    if (x.last < y.last) i++;
    else j++;
  }
  return out;
}
