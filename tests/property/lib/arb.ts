// Address and length generators over small universes around the interesting boundaries, so
// that random requests collide, straddle and touch each other often.

import fc from 'fast-check';
import { U64_MAX } from './harness';
import { wrap } from './naive';

/** anchor + k * unit (+ a small misalignment now and then), wrapped into 64 bits. */
export function addrNear(anchors: readonly bigint[], unit: bigint, spread = 16, aligned = 14): fc.Arbitrary<bigint> {
  const jitter = fc.oneof(
    { weight: aligned, arbitrary: fc.constant(0n) },
    { weight: 2, arbitrary: fc.constant(0x800n) },
    { weight: 1, arbitrary: fc.constantFrom(1n, 0x400n, 0xfffn) },
  );
  return fc
    .tuple(fc.constantFrom(...anchors), fc.integer({ min: -spread, max: spread }), jitter)
    .map(([a, k, j]) => wrap(a + BigInt(k) * unit + j));
}

/** Mostly a few units; sometimes half-unit, page-crossing, 2 MiB-ish, zero, odd or huge. */
export function lengthArb(unit: bigint): fc.Arbitrary<bigint> {
  return fc.oneof(
    { weight: 14, arbitrary: fc.integer({ min: 1, max: 16 }).map((k) => BigInt(k) * unit) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 16 }).map((k) => BigInt(k) * 0x1000n + 0x800n) },
    { weight: 2, arbitrary: fc.constantFrom(0x100000n, 0x200000n, 0x400000n, 0x1000000n) },
    // Odd sizes leave one-byte holes (no domain: alignment 1) for the strict fit test of §2.6.
    { weight: 2, arbitrary: fc.constantFrom(1n, 2n, 0x7ffn, 0xfffn, 0x1001n) },
    { weight: 1, arbitrary: fc.constantFrom(0n, 0x123n, 1n << 63n, (1n << 63n) - 1n, U64_MAX, U64_MAX - 0xfffn) },
  );
}

/** User addresses with various alignments (2 MiB, 1 GiB, 4 KiB) and page offsets; rarely 0 or near 2^64. */
export const userVaArb: fc.Arbitrary<bigint> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(
        fc.constantFrom(0x7f0000000000n, 0x7f0000200000n, 0x7f0040000000n),
        fc.integer({ min: 0, max: 15 }),
        fc.oneof({ weight: 10, arbitrary: fc.constant(0n) }, { weight: 2, arbitrary: fc.constant(0x800n) }, { weight: 1, arbitrary: fc.constantFrom(0x400n, 1n) }),
      )
      .map(([b, k, o]) => b + BigInt(k) * 0x1000n + o),
  },
  { weight: 1, arbitrary: fc.constantFrom(0n, 0x800n, U64_MAX - 0xfffn, U64_MAX - 0x7ffn) },
);

/** An offset applied to a range end picked from the model (to cover, miss or split an area). */
export const edgeArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(0n) },
  { weight: 4, arbitrary: fc.constantFrom(-0x1000n, 0x1000n, -0x800n, 0x800n) },
  { weight: 2, arbitrary: fc.constantFrom(-0x10000n, 0x10000n, -0x200000n, 0x200000n) },
  { weight: 1, arbitrary: fc.constantFrom(-1n, 1n) },
);

/**
 * A range either absolute, or relative to the model's areas at run time: areas idx .. idx+span-1
 * (modulo how many there are), first moved by `lo`, last by `hi`.
 */
export type RangeSel =
  | { readonly kind: 'abs'; readonly iova: bigint; readonly length: bigint }
  | { readonly kind: 'areas'; readonly idx: number; readonly span: number; readonly lo: bigint; readonly hi: bigint };

export function rangeSelArb(addr: fc.Arbitrary<bigint>, length: fc.Arbitrary<bigint>): fc.Arbitrary<RangeSel> {
  const areas = (span: fc.Arbitrary<number>, lo: fc.Arbitrary<bigint>, hi: fc.Arbitrary<bigint>) =>
    fc.record({ kind: fc.constant('areas' as const), idx: fc.nat({ max: 64 }), span, lo, hi });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('abs' as const), iova: addr, length }) },
    { weight: 6, arbitrary: areas(fc.integer({ min: 1, max: 3 }), edgeArb, edgeArb) },
    // Inside a run of areas (what COPY needs), or from below one area into the middle of a
    // higher one (the non-atomic IOAS_UNMAP failure).
    { weight: 3, arbitrary: areas(fc.integer({ min: 1, max: 2 }), fc.constantFrom(0n, 0x800n, 0x1000n), fc.constantFrom(0n, -0x800n, -0x1000n)) },
    { weight: 2, arbitrary: areas(fc.integer({ min: 2, max: 4 }), fc.constantFrom(0n, -0x1000n), fc.constantFrom(-1n, -0x800n, -0x1000n)) },
  );
}

/** Resolves a selector against sorted areas; falls back to a fixed small range when there are none. */
export function resolveRange(sel: RangeSel, areas: readonly { first: bigint; last: bigint }[]): { iova: bigint; length: bigint } {
  if (sel.kind === 'abs') return { iova: sel.iova, length: sel.length };
  if (areas.length === 0) return { iova: 0x1000000n, length: 0x1000n };
  const a = areas[sel.idx % areas.length]!;
  const b = areas[Math.min(areas.length - 1, (sel.idx % areas.length) + sel.span - 1)]!;
  const first = wrap(a.first + sel.lo);
  const last = wrap(b.last + sel.hi);
  // A reversed range becomes a one-page request at `first`.
  return { iova: first, length: last >= first ? wrap(last - first + 1n) : 0x1000n };
}

/** A fixed IOVA: absolute, or at / after an existing area (picked at run time) plus an offset. */
export type IovaSel =
  | { readonly kind: 'abs'; readonly iova: bigint }
  | { readonly kind: 'near'; readonly idx: number; readonly after: boolean; readonly off: bigint };

export function iovaSelArb(anchors: readonly bigint[], unit: bigint, aligned = 14): fc.Arbitrary<IovaSel> {
  return fc.oneof(
    { weight: 3, arbitrary: addrNear(anchors, unit, 16, aligned).map((iova): IovaSel => ({ kind: 'abs', iova })) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('near' as const), idx: fc.nat({ max: 64 }), after: fc.boolean(), off: edgeArb }) },
  );
}

export function resolveIova(sel: IovaSel, areas: readonly { first: bigint; last: bigint }[]): bigint {
  if (sel.kind === 'abs') return sel.iova;
  if (areas.length === 0) return 0x1000000n;
  const a = areas[sel.idx % areas.length]!;
  return wrap((sel.after ? a.last + 1n : a.first) + sel.off);
}
