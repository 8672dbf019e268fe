import { describe, expect, it } from 'vitest';
import type { AddressSpaceView, RangeSet, Snapshot } from '../../../src/core/view/types';
import { defaultIova, resolveSpace, targetFromSelection } from '../../../src/ui/pagetable/target';

const set = (kind: RangeSet['kind'], ranges: [bigint, bigint][]): RangeSet => ({
  kind, first: BigUint64Array.from(ranges.map((r) => r[0])), last: BigUint64Array.from(ranges.map((r) => r[1])),
});
const space = (id: string, walkable: boolean, layers: RangeSet[] = []): AddressSpaceView => ({
  id, kind: 'ioas', title: id, node: 'n:' + id, extent: { first: 0x1000n, last: 0xffff_ffffn }, layers, walkable,
});
const snapshot: Snapshot = {
  step: 3,
  nodes: [
    { id: 'hwpt:1:4', kind: 'hwpt', label: 'HWPT 4', attrs: {}, spaces: ['hwpt:1:4'] },
    { id: 'ioas:1:2', kind: 'ioas', label: 'IOAS 2', attrs: {}, spaces: ['ioas:1:2'] },
    { id: 'container:1', kind: 'container', label: 'container', attrs: {}, spaces: ['container:1', 'hwpt:1:5'] },
  ],
  edges: [],
  spaces: [
    space('ioas:1:2', false),
    space('hwpt:1:4', true, [set('reserved', [[0xfee0_0000n, 0xfeef_ffffn]]), set('mapping', [[0x40_0000n, 0x40_ffffn], [0x20_0000n, 0x20_0fffn]])]),
    space('hwpt:1:5', true),
  ],
  changes: { addedNodes: [], removedNodes: [], changedNodes: [], ranges: [], summary: [] },
};
const none = { space: null, iova: null };

describe('which space and IOVA the view walks', () => {
  it('an address on the map walks it, if the space has a page table', () => {
    expect(targetFromSelection({ kind: 'address', space: 'hwpt:1:5', iova: 1n << 59n }, snapshot, none, null)).toEqual({ space: 'hwpt:1:5', iova: 1n << 59n });
    // The IOAS has no table of its own: keep what was walked.
    const cur = { space: 'hwpt:1:4', iova: 0x1000n };
    expect(targetFromSelection({ kind: 'address', space: 'ioas:1:2', iova: 5n }, snapshot, cur, null)).toBe(cur);
  });

  it('a range defaults the IOVA to its first byte, except the span this view itself asked to highlight', () => {
    const sel = { kind: 'range', space: 'hwpt:1:4', first: 0x20_0000n, last: 0x3f_ffffn } as const;
    expect(targetFromSelection(sel, snapshot, none, null)).toEqual({ space: 'hwpt:1:4', iova: 0x20_0000n });
    const cur = { space: 'hwpt:1:4', iova: 0x20_1234n };
    expect(targetFromSelection(sel, snapshot, cur, { ...sel })).toBe(cur);
  });

  it('a node defaults the space to its first walkable one, keeping the IOVA; a node already walked changes nothing', () => {
    const cur = { space: 'hwpt:1:4', iova: 0x1234n };
    expect(targetFromSelection({ kind: 'node', id: 'container:1' }, snapshot, cur, null)).toEqual({ space: 'hwpt:1:5', iova: 0x1234n });
    expect(targetFromSelection({ kind: 'node', id: 'hwpt:1:4' }, snapshot, cur, null)).toBe(cur);
    expect(targetFromSelection({ kind: 'node', id: 'ioas:1:2' }, snapshot, cur, null)).toBe(cur);
    expect(targetFromSelection({ kind: 'node', id: 'gone' }, snapshot, cur, null)).toBe(cur);
    expect(targetFromSelection({ kind: 'none' }, snapshot, cur, null)).toBe(cur);
  });

  it('a space that vanished at this step falls back to the first walkable one', () => {
    expect(resolveSpace({ space: 'hwpt:9:9', iova: null }, snapshot)?.id).toBe('hwpt:1:4');
    expect(resolveSpace(none, { ...snapshot, spaces: [space('ioas:1:2', false)] })).toBeNull();
  });

  it('the default IOVA is the lowest mapped byte, else the start of the extent', () => {
    expect(defaultIova(snapshot.spaces[1]!)).toBe(0x20_0000n);
    expect(defaultIova(snapshot.spaces[2]!)).toBe(0x1000n);
  });
});
