// The holes between an IOAS's areas, indexed for first-fit allocation.
//
// iopt_alloc_iova() walks the holes of (reserved ∪ areas) upward and takes the first one the
// request fits in. Walking every hole is linear in the number of areas; with a million live
// mappings that is a million steps per automatic MAP. This index keeps each maximal hole of
// the area tree (never the empty ones) in a treap keyed by its start, where every node also
// knows the largest hole in its subtree, so "the lowest hole at or above X that is at least L
// bytes" is one O(log n) descent. Holes smaller than the request can never fit (alignment and
// reserved ranges only shrink them), so skipping them keeps the kernel's first-fit order.
//
// Checkpoints clone the state often, so the treap is persistent: clone() is O(1) and shares
// every node; a node is copied the first time a writer touches it after a clone (each index
// owns the nodes stamped with its generation and may change only those in place).

import type { u64 } from '../u64';
import { U64_MAX } from '../u64';

interface Node {
  readonly key: u64; // first byte of the hole
  readonly last: u64; // last byte of the hole (inclusive)
  readonly len: u64; // last - key + 1 (up to 2^64)
  readonly pri: number;
  max: u64; // largest len in this subtree
  l: Node | null;
  r: Node | null;
  gen: number;
}

export interface Hole {
  readonly first: u64;
  readonly last: u64;
}

let generations = 0;
const nextGen = (): number => ++generations;

/** Deterministic priorities (xorshift32), so that tree shapes, and timings, repeat run to run. */
let seed = 0x2545f491;
function nextPri(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
}

function update(n: Node): void {
  let m = n.len;
  if (n.l && n.l.max > m) m = n.l.max;
  if (n.r && n.r.max > m) m = n.r.max;
  n.max = m;
}

export class GapIndex {
  private gen = nextGen();

  private constructor(private root: Node | null) {}

  /** A fresh IOAS: one hole covering the whole 64-bit space. */
  static full(): GapIndex {
    const g = new GapIndex(null);
    g.root = g.node(0n, U64_MAX);
    return g;
  }

  /**
   * Built from the areas (ascending) in O(n): the holes come out sorted, and a treap over sorted
   * keys is a Cartesian tree, built with a stack.
   */
  static fromAreas(areas: Iterable<{ readonly first: u64; readonly last: u64 }>): GapIndex {
    const g = new GapIndex(null);
    const stack: Node[] = [];
    const push = (first: u64, last: u64): void => {
      const x = g.node(first, last);
      let lastPopped: Node | null = null;
      while (stack.length > 0 && stack[stack.length - 1]!.pri < x.pri) {
        lastPopped = stack.pop()!;
        update(lastPopped);
      }
      x.l = lastPopped;
      if (stack.length > 0) stack[stack.length - 1]!.r = x;
      stack.push(x);
    };
    let cur: u64 | null = 0n; // first byte not yet covered (null: past 2^64 - 1)
    for (const a of areas) {
      if (cur !== null && a.first > cur) push(cur, a.first - 1n);
      cur = a.last === U64_MAX ? null : a.last + 1n;
    }
    if (cur !== null) push(cur, U64_MAX);
    for (let i = stack.length - 1; i >= 0; i--) update(stack[i]!);
    g.root = stack[0] ?? null;
    return g;
  }

  /** O(1): both copies treat every existing node as shared from now on. */
  clone(): GapIndex {
    const c = new GapIndex(this.root);
    this.gen = nextGen();
    return c;
  }

  /** An area [first, last] was inserted: the hole holding it loses those bytes. */
  areaInserted(first: u64, last: u64): void {
    const h = this.floor(first);
    if (!h || h.last < last) throw new Error(`gap index out of sync: no hole holds 0x${first.toString(16)}`);
    this.root = this.del(this.root, h.key);
    if (h.key < first) this.root = this.ins(this.root, this.node(h.key, first - 1n));
    if (last < h.last) this.root = this.ins(this.root, this.node(last + 1n, h.last));
  }

  /** An area [first, last] was removed: its bytes join the holes on either side. */
  areaRemoved(first: u64, last: u64): void {
    let lo = first;
    let hi = last;
    if (first > 0n) {
      const left = this.floor(first - 1n);
      if (left && left.last === first - 1n) {
        lo = left.key;
        this.root = this.del(this.root, left.key);
      }
    }
    if (last < U64_MAX) {
      const right = this.exact(last + 1n);
      if (right) {
        hi = right.last;
        this.root = this.del(this.root, right.key);
      }
    }
    this.root = this.ins(this.root, this.node(lo, hi));
  }

  /** The hole containing x, if x is not inside an area. */
  holeAt(x: u64): Hole | undefined {
    const h = this.floor(x);
    return h && h.last >= x ? { first: h.key, last: h.last } : undefined;
  }

  /** The lowest hole starting at or above `lo` whose length is at least `minLen`. O(log n). */
  firstAtLeast(lo: u64, minLen: u64): Hole | undefined {
    const n = findFirst(this.root, lo, minLen);
    return n ? { first: n.key, last: n.last } : undefined;
  }

  /** Every hole, ascending (tests and views). */
  holes(): Hole[] {
    const out: Hole[] = [];
    const walk = (n: Node | null): void => {
      if (!n) return;
      walk(n.l);
      out.push({ first: n.key, last: n.last });
      walk(n.r);
    };
    walk(this.root);
    return out;
  }

  // ------------------------------------------------------------ treap internals

  private node(key: u64, last: u64): Node {
    const len = last - key + 1n;
    return { key, last, len, max: len, pri: nextPri(), l: null, r: null, gen: this.gen };
  }

  /** The node itself when this index owns it, else a private copy (copy-on-write). */
  private own(n: Node): Node {
    return n.gen === this.gen ? n : { ...n, gen: this.gen };
  }

  private floor(x: u64): Node | null {
    let n = this.root;
    let best: Node | null = null;
    while (n) {
      if (n.key <= x) {
        best = n;
        n = n.r;
      } else n = n.l;
    }
    return best;
  }

  private exact(x: u64): Node | null {
    let n = this.root;
    while (n && n.key !== x) n = x < n.key ? n.l : n.r;
    return n;
  }

  private ins(t: Node | null, x: Node): Node {
    if (!t) return x;
    if (x.pri > t.pri) {
      const [a, b] = this.split(t, x.key);
      x.l = a;
      x.r = b;
      update(x);
      return x;
    }
    const n = this.own(t);
    if (x.key < n.key) n.l = this.ins(n.l, x);
    else n.r = this.ins(n.r, x);
    update(n);
    return n;
  }

  /** [keys < key, keys >= key]. */
  private split(t: Node | null, key: u64): [Node | null, Node | null] {
    if (!t) return [null, null];
    const n = this.own(t);
    if (n.key < key) {
      const [a, b] = this.split(n.r, key);
      n.r = a;
      update(n);
      return [n, b];
    }
    const [a, b] = this.split(n.l, key);
    n.l = b;
    update(n);
    return [a, n];
  }

  private merge(a: Node | null, b: Node | null): Node | null {
    if (!a) return b;
    if (!b) return a;
    if (a.pri > b.pri) {
      const n = this.own(a);
      n.r = this.merge(n.r, b);
      update(n);
      return n;
    }
    const n = this.own(b);
    n.l = this.merge(a, n.l);
    update(n);
    return n;
  }

  private del(t: Node | null, key: u64): Node | null {
    if (!t) return null;
    if (t.key === key) return this.merge(t.l, t.r);
    const n = this.own(t);
    if (key < n.key) n.l = this.del(n.l, key);
    else n.r = this.del(n.r, key);
    update(n);
    return n;
  }
}

/**
 * Lowest node with key >= lo and len >= minLen. Subtrees whose max is too small are skipped
 * whole, and inside a subtree lying entirely at or above lo a large-enough max guarantees a
 * hit, so the descent is O(depth).
 */
function findFirst(n: Node | null, lo: u64, minLen: u64): Node | null {
  if (!n || n.max < minLen) return null;
  if (n.key < lo) return findFirst(n.r, lo, minLen);
  const left = findFirst(n.l, lo, minLen);
  if (left) return left;
  if (n.len >= minLen) return n;
  return findFirst(n.r, lo, minLen);
}
