import { describe, expect, it } from 'vitest';
import { allBounds, contentBounds, laneBounds } from '../../../src/ui/map/fit';
import { summarize } from '../../../src/ui/map/frameStats';
import { set, space } from './fixtures';

const U64_MAX = (1n << 64n) - 1n;

describe('fit', () => {
  const ioas = space('ioas:1:2', [
    set('usable', [[0n, U64_MAX]]),
    set('mapping', [[0x10_0000n, 0x10_ffffn], [0x4000_0000n, 0x4000_0fffn]]),
  ], [0n, U64_MAX]);
  const proc = { ...space('process', [set('vma', [[0x7f00_0000_0000n, 0x7f00_00ff_ffffn]])]), kind: 'process' as const };
  const empty = space('hwpt:1:3', [set('reserved', [[0xfee0_0000n, 0xfeef_ffffn]])], [0n, (1n << 48n) - 1n]);

  it('fits the IOVA lanes\' mappings, leaving the process memory out', () => {
    expect(contentBounds([ioas, proc, empty])).toEqual([0x10_0000n, 0x4000_0fffn]);
  });

  it('falls back to the process memory, then to the extents, then to nothing', () => {
    expect(contentBounds([proc, empty])).toEqual([0x7f00_0000_0000n, 0x7f00_00ff_ffffn]);
    expect(contentBounds([empty])).toEqual([0n, (1n << 48n) - 1n]);
    expect(contentBounds([])).toBeNull();
  });

  it('fit all covers every extent and every content; a lane fits its content or its extent', () => {
    expect(allBounds([empty, proc])).toEqual([0n, (1n << 48n) - 1n]);
    expect(allBounds([space('x', [set('mapping', [[1n << 50n, (1n << 50n) + 0xfffn]])], [0n, 0xffffn])])).toEqual([0n, (1n << 50n) + 0xfffn]);
    expect(laneBounds(ioas)).toEqual([0x10_0000n, 0x4000_0fffn]);
    expect(laneBounds(empty)).toEqual([0n, (1n << 48n) - 1n]);
  });
});

describe('frame stats', () => {
  it('nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(xs)).toEqual({ count: 100, p50: 50, p95: 95, max: 100 });
    expect(summarize([])).toEqual({ count: 0, p50: 0, p95: 0, max: 0 });
  });
});
