import { describe, expect, it } from 'vitest';
import { IntervalMap } from '../../../src/core/intervals';
import { amdV1, mockFormat, pageTableFormat } from '../../../src/core/pagetable/formats';
import type { MappedRange } from '../../../src/core/pagetable/occupancy';
import type { WalkStep } from '../../../src/core/pagetable/walk';
import { arrayLookup, walk, walkTce } from '../../../src/core/pagetable/walk';

const KiB = 1024n;
const MiB = 1024n * KiB;
const GiB = 1024n * MiB;
const TiB = 1024n * GiB;
const VA = 0x7f00_0000_0000n;

const brief = (steps: readonly WalkStep[]) => steps.map((s) => [s.level, s.indexHi, s.indexLo, s.index, s.entry.kind]);

describe('radix walk (VT-d second stage, 4 levels)', () => {
  const vtd = pageTableFormat('vtd-ss-4');
  const look = arrayLookup([
    { first: 0x4000_0000n, last: 0x7fff_ffffn, userVa: VA },
    { first: 0x1_0000_0000n, last: 0x1_0000_0fffn, userVa: 0x5555_0000_0000n },
  ]);

  it('4K leaves: four levels, bits [47:39] [38:30] [29:21] [20:12], user address = area VA + offset', () => {
    const w = walk(vtd, look, 0x4000_1234n);
    expect(brief(w.steps)).toEqual([
      [4, 47, 39, 0n, 'table'], [3, 38, 30, 1n, 'table'], [2, 29, 21, 0n, 'table'], [1, 20, 12, 1n, 'leaf'],
    ]);
    expect(w.steps[1]!.table).toEqual({ level: 3, first: 0n, last: (1n << 39n) - 1n });
    expect(w.steps[1]!.entry).toEqual({ kind: 'table', next: { level: 2, first: 0x4000_0000n, last: 0x7fff_ffffn } });
    expect(w.result).toMatchObject({ kind: 'translated', userAddr: VA + 0x1234n, leafIova: 0x4000_1000n, leafSize: 4096n, offset: 0x234n });
    expect(w.steps.map((s) => s.label)).toEqual(['SL-PML4E', 'SL-PDPE', 'SL-PDE', 'SL-PTE']);
  });

  it('1G-backed memory: the walk stops at a 1G leaf in the level-3 table', () => {
    const w = walk(vtd, look, 0x7fff_fff0n, { maxLeaf: GiB });
    expect(brief(w.steps)).toEqual([[4, 47, 39, 0n, 'table'], [3, 38, 30, 1n, 'leaf']]);
    expect(w.result).toMatchObject({ kind: 'translated', userAddr: VA + 0x3fff_fff0n, leafSize: GiB, offset: 0x3fff_fff0n });
  });

  it('an unmapped IOVA faults at the first empty entry', () => {
    // [2G, 3G) shares the level-3 table but has no level-2 table.
    const w = walk(vtd, look, 0x8000_0000n);
    expect(brief(w.steps)).toEqual([[4, 47, 39, 0n, 'table'], [3, 38, 30, 2n, 'empty']]);
    expect(w.result).toMatchObject({ kind: 'fault', level: 3, reason: 'not-present' });
    // Next to the page at 4 GiB: its level-1 table exists, the entry does not.
    const w2 = walk(vtd, look, 0x1_0000_1000n);
    expect(brief(w2.steps).map((s) => s[4])).toEqual(['table', 'table', 'table', 'empty']);
    expect(w2.result).toMatchObject({ kind: 'fault', level: 1 });
    // Another 512 GiB slot: the root entry itself is empty.
    expect(walk(vtd, look, 1n << 40n).result).toMatchObject({ kind: 'fault', level: 4 });
  });

  it('beyond the table: 1<<59 needs more than 48 bits; outside the aperture faults before the walk', () => {
    const w = walk(vtd, look, 1n << 59n);
    expect(w.result).toMatchObject({ kind: 'fault', reason: 'beyond-table', level: 4 });
    expect(w.steps).toEqual([]);
    expect(walk(pageTableFormat('vtd-ss-5'), look, 1n << 59n).result).toMatchObject({ reason: 'beyond-table' });
    const m = walk(mockFormat(), look, 0x80_0000n, { aperture: { start: 0x100_0000n, end: 0x7fff_ffffn } });
    expect(m.result).toMatchObject({ kind: 'fault', reason: 'outside-aperture', level: null });
  });

  it('works on the IOAS area map itself (IntervalMap of areas)', () => {
    const areas = new IntervalMap<MappedRange & { read: boolean }>();
    areas.insert({ first: 0x20_0000n, last: 0x3f_ffffn, userVa: 0x1000_0000n, read: true });
    const w = walk(vtd, areas, 0x20_0800n);
    expect(w.result).toMatchObject({ kind: 'translated', userAddr: 0x1000_0800n });
  });
});

describe('mock (flat) and AMD v1 (grown) walks', () => {
  it('mock: one flat lookup of iova >> 11, up to 2^64 - 1', () => {
    const top = (1n << 64n) - 2048n;
    const look = arrayLookup([{ first: top, last: (1n << 64n) - 1n, userVa: 0x1000n }]);
    const w = walk(mockFormat(), look, (1n << 64n) - 1n);
    expect(brief(w.steps)).toEqual([[1, 63, 11, (1n << 53n) - 1n, 'leaf']]);
    expect(w.result).toMatchObject({ kind: 'translated', userAddr: 0x17ffn, leafSize: 2048n });
    expect(walk(mockFormat(), look, 1n << 59n).result).toMatchObject({ kind: 'fault', level: 1, reason: 'not-present' });
    expect(walk(mockFormat(), look, 1n << 59n).steps[0]!.index).toBe(1n << 48n);
  });

  it('AMD v1: after growing to 4 levels, entry 0 of the new root still points at the old root', () => {
    const look = arrayLookup([{ first: 512n * GiB, last: 512n * GiB + 4095n, userVa: VA }]);
    const w = walk(amdV1(), look, 0x1000n);
    expect(w.levels).toBe(4);
    expect(brief(w.steps)).toEqual([[4, 47, 39, 0n, 'table'], [3, 38, 30, 0n, 'empty']]);
    const hit = walk(amdV1(), look, 512n * GiB + 8n);
    expect(hit.result).toMatchObject({ kind: 'translated', userAddr: VA + 8n });
    // With nothing above 512 GiB the table has 3 levels, and 1 TiB is beyond it.
    const small = arrayLookup([{ first: 0n, last: 4095n, userVa: VA }]);
    expect(walk(amdV1(), small, TiB).result).toMatchObject({ kind: 'fault', reason: 'beyond-table', level: 3 });
  });
});

describe('TCE walk (powernv, 64 KiB kernel pages)', () => {
  const W1 = 1n << 59n;
  const window = (mapped: MappedRange[]) => ({ slot: 1, start: W1, size: TiB, pageShift: 16, levels: 2, mapped: arrayLookup(mapped) });
  const sixteen = [{ first: W1, last: W1 + 16n * GiB - 1n, userVa: 0x1_0000_0000n }];

  it('decomposes the TCE index: top bits [25:13], leaf bits [12:0] of (iova - 1<<59) >> 16', () => {
    const off = 0x3_2345_6789n;
    const w = walkTce([window(sixteen)], W1 + off, 16);
    expect(w.window).toEqual({ slot: 1, start: W1, size: TiB });
    expect(w.steps.map((s) => [s.level, s.tceIndexBits, s.indexHi, s.indexLo, s.index, s.entry.kind])).toEqual([
      [2, [25, 13], 41, 29, 25n, 'table'],
      [1, [12, 0], 28, 16, 0x345n, 'leaf'],
    ]);
    expect(w.result).toMatchObject({ kind: 'translated', userAddr: 0x1_0000_0000n + off, leafSize: 64n * KiB });
    expect(w.steps[0]!.table).toEqual({ level: 2, first: W1, last: W1 + (1n << 42n) - 1n });
  });

  it('past the mapped 16 GiB the top entry is empty (no leaf table allocated there)', () => {
    const w = walkTce([window(sixteen)], W1 + 32n * GiB, 16);
    expect(w.steps.map((s) => [s.index, s.entry.kind])).toEqual([[64n, 'empty']]);
    expect(w.result).toMatchObject({ kind: 'fault', level: 2, reason: 'not-present' });
  });

  it('outside every window: a fault naming the windows', () => {
    const w = walkTce([window(sixteen)], 0x8000_0000n, 16);
    expect(w.result).toMatchObject({ kind: 'fault', reason: 'outside-windows', level: null });
    if (w.result.kind === 'fault') expect(w.result.detail).toContain('0x800000000000000');
  });

  it('a one-level 2 GiB @4K default window: one flat lookup of 2^19 TCEs', () => {
    const w0 = { slot: 0, start: 0n, size: 2n * GiB, pageShift: 12, levels: 1, mapped: arrayLookup([{ first: 0x1000n, last: 0x1fffn, userVa: 0x9000n }]) };
    const w = walkTce([w0], 0x1abcn, 16);
    expect(w.steps.map((s) => [s.tceIndexBits, s.index, s.entry.kind])).toEqual([[[18, 0], 1n, 'leaf']]);
    expect(w.result).toMatchObject({ kind: 'translated', userAddr: 0x9abcn });
  });
});
