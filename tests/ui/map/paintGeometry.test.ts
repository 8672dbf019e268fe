import { describe, expect, it } from 'vitest';
import { buildRects } from '../../../src/ui/map/drawlist';
import { LANE_H, laneTop } from '../../../src/ui/map/lanes';
import { changeMarks, offArrow, onPlot, pins, selectionMark } from '../../../src/ui/map/paintGeometry';
import { cutText, inlineLabels } from '../../../src/ui/map/paintStyle';
import { set, space } from './fixtures';

// 0x8000 bytes on 800 px: 0x1000 bytes are 100 px.
const vp = { start: 0n, span: 0x8000n };
const top = laneTop(0);
const colors = { added: 'green', removed: 'red' };

describe('paint geometry (shared by the canvas and the SVG export)', () => {
  it('keeps a narrow range visible and cuts a wide one at the plot edges', () => {
    expect(onPlot(100, 100.5, 800, 2)).toEqual([98.25, 102.25]);
    expect(onPlot(-500, 900, 800, 3)).toEqual([-3, 803]);
  });

  it('marks removals then additions, and points at changes off screen', () => {
    const s = space('ioas:1', [set('mapping', [[0x1000n, 0x1fffn]])]);
    const r = (first: bigint, last: bigint) => ({ first, last });
    const ch = [{ space: 'ioas:1', kind: 'mapping' as const, added: [r(0x1000n, 0x1fffn), r(0x9000n, 0x9fffn)], removed: [r(0x2000n, 0x2fffn)], truncated: false }];
    const m = changeMarks(ch, s, vp, 800, top, colors);
    expect(m.marks.map((k) => [k.ghost, k.color, k.x0, k.x1])).toEqual([[true, 'red', 200, 300], [false, 'green', 100, 200]]);
    expect([m.offLeft, m.offRight]).toEqual([null, 'green']);
    expect(changeMarks(ch, space('other', []), vp, 800, top, colors).marks).toEqual([]);
    expect(offArrow(1, 800, top)[0]).toEqual([797, top + LANE_H / 2]);
  });

  it('frames a selected range in its layer box, and nothing when it is off screen', () => {
    const s = space('ioas:1', [set('reserved', [[0x1000n, 0x1fffn]])]);
    const sel = { kind: 'range' as const, space: 'ioas:1', first: 0x1000n, last: 0x1fffn };
    const mark = selectionMark(sel, s, vp, 800, top);
    expect(mark).toMatchObject({ kind: 'range', fill: { x: 100, w: 100, y: top + 1 } });
    expect(selectionMark(sel, s, { start: 0x10000n, span: 0x8000n }, 800, top)).toBeNull();
    expect(selectionMark({ kind: 'address', space: 'ioas:1', iova: 0x1800n }, s, vp, 800, top)).toMatchObject({ kind: 'address', bar: { x: 149 } });
  });

  it('pins only isolated ranges too narrow to see', () => {
    // 1 byte ranges: lone at 0x1000, two 3 px apart at 0x5000 and 0x5080.
    const s = set('mapping', [[0x1000n, 0x1000n], [0x5000n, 0x5000n], [0x5080n, 0x5080n]]);
    const out = pins(buildRects(s.first, s.last, vp, 800), 800, top);
    expect(out).toHaveLength(1);
    expect(out[0]![2][0]).toBeCloseTo(100, 0);
  });

  it('labels wide rectangles with their label or size, cut to fit', () => {
    const s = set('window', [[0x0n, 0xfffn], [0x2000n, 0x2fffn], [0x4000n, 0x4000n]], { label: ['window 0 with a long name'] });
    const w = (t: string) => t.length * 6;
    expect(inlineLabels(s, buildRects(s.first, s.last, vp, 800), 800, w)).toEqual([
      { x: 5, text: 'window 0 with …' },
      { x: 205, text: '4 KiB' },
    ]);
    expect(cutText('abcdefgh', 10, w)).toBeNull();
  });
});
