import { describe, expect, it } from 'vitest';
import { placeLabels } from '../../../src/ui/map/paintAxis';

describe('axis labels', () => {
  it('sit right of their tick, none overlapping', () => {
    const ticks = [{ x: 0, w: 60 }, { x: 100, w: 60 }, { x: 130, w: 60 }, { x: 300, w: 60 }];
    // The third would overlap the second: dropped. The last fits.
    expect(placeLabels(ticks, 1000)).toEqual([{ i: 0, lx: 4 }, { i: 1, lx: 104 }, { i: 3, lx: 304 }]);
  });

  it("the last tick's label moves left of its tick at the edge and wins over the one before it", () => {
    // A 440-px axis with major ticks every 200 px and 130-px labels: the last (at 400) goes left
    // of its tick (266..396), over the label of the tick at 200 (204..334), which gives way.
    const ticks = [{ x: 0, w: 130 }, { x: 200, w: 130 }, { x: 400, w: 130 }];
    expect(placeLabels(ticks, 440)).toEqual([{ i: 0, lx: 4 }, { i: 2, lx: 266 }]);
  });

  it('a label with no room at all is left out', () => {
    expect(placeLabels([{ x: 10, w: 100 }], 60)).toEqual([]);
  });
});
