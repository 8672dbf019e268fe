// Translations compared by what they translate: coalescing, the first difference, and the
// changes a step made (the basis of "this step changed the DMA state differently").
import { describe, expect, it } from 'vitest';
import { changesBetween, coalesce, firstDifference } from '../../../src/core/compare';
import type { Run } from '../../../src/core/compare';
import { U64_MAX } from '../../../src/core/u64';

const run = (first: bigint, last: bigint, va: bigint): Run => ({ first, last, va });

describe('coalesce', () => {
  it('merges runs contiguous in IOVA and in user VA, and only those', () => {
    const out = coalesce([
      run(0x100000n, 0x1fffffn, 0x7f0000000000n),
      run(0x200000n, 0x2fffffn, 0x7f0000100000n), // continues both
      run(0x300000n, 0x3fffffn, 0x7f0000900000n), // IOVA contiguous, VA jumps
      run(0x500000n, 0x5fffffn, 0x7f0000a00000n), // VA contiguous, IOVA gap
    ]);
    expect(out).toEqual([
      run(0x100000n, 0x2fffffn, 0x7f0000000000n),
      run(0x300000n, 0x3fffffn, 0x7f0000900000n),
      run(0x500000n, 0x5fffffn, 0x7f0000a00000n),
    ]);
  });

  it('sorts unsorted input (sPAPR windows list their runs per window)', () => {
    expect(coalesce([run(0x2000n, 0x2fffn, 0x12000n), run(0x1000n, 0x1fffn, 0x11000n)])).toEqual([run(0x1000n, 0x2fffn, 0x11000n)]);
  });
});

describe('firstDifference', () => {
  it('is null for the same translations however they are split', () => {
    const one = [run(0x100000n, 0x2fffffn, 0x7f0000000000n)];
    const two = coalesce([run(0x100000n, 0x1fffffn, 0x7f0000000000n), run(0x200000n, 0x2fffffn, 0x7f0000100000n)]);
    expect(firstDifference(one, two)).toBeNull();
  });

  it('finds the first IOVA translated differently: a hole on one side', () => {
    const a = [run(0x100000n, 0x2fffffn, 0x7f0000000000n)];
    const b = [run(0x100000n, 0x1fffffn, 0x7f0000000000n)];
    expect(firstDifference(a, b)).toEqual({ iova: 0x200000n, a: a[0], b: null });
  });

  it('finds a different user VA at the same IOVA', () => {
    const a = [run(0x1000n, 0x1fffn, 0x10000n)];
    const b = [run(0x1000n, 0x1fffn, 0x20000n)];
    expect(firstDifference(a, b)?.iova).toBe(0x1000n);
  });

  it('works at the top of the 64-bit space', () => {
    const a = [run(U64_MAX - 0xfffn, U64_MAX, 0x1000n)];
    expect(firstDifference(a, a)).toBeNull();
    expect(firstDifference(a, [])).toEqual({ iova: U64_MAX - 0xfffn, a: a[0], b: null });
  });
});

describe('changesBetween', () => {
  it('a new mapping next to an old one is one change of the new range only', () => {
    const before = [run(0x100000n, 0x1fffffn, 0x7f0000000000n)];
    const after = coalesce([...before, run(0x200000n, 0x2fffffn, 0x7f0000100000n)]);
    expect(changesBetween(before, after)).toEqual([{ first: 0x200000n, last: 0x2fffffn, va: 0x7f0000100000n }]);
  });

  it('an unmap is a change to nothing (va null)', () => {
    const before = [run(0x100000n, 0x2fffffn, 0x7f0000000000n)];
    expect(changesBetween(before, [])).toEqual([{ first: 0x100000n, last: 0x2fffffn, va: null }]);
  });

  it('a remap to another user VA is a change at the same IOVA', () => {
    expect(changesBetween([run(0x1000n, 0x1fffn, 0x10000n)], [run(0x1000n, 0x1fffn, 0x30000n)])).toEqual([{ first: 0x1000n, last: 0x1fffn, va: 0x30000n }]);
  });

  it('nothing changed: no change', () => {
    const x = [run(0x1000n, 0x1fffn, 0x10000n)];
    expect(changesBetween(x, x)).toEqual([]);
  });
});
