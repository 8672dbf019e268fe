import { describe, expect, it } from 'vitest';
import { centreOn, initialViewport, READABLE_ZOOM, revealTarget, sameMachine } from '../../../src/ui/graph/viewport';

describe('graph camera', () => {
  it('fits a graph that is readable whole, centred', () => {
    const v = initialViewport({ width: 800, height: 300 }, { width: 1000, height: 600 });
    expect(v.zoom).toBeCloseTo(1.19, 2);
    expect(v.x).toBeCloseTo((1000 - 800 * v.zoom) / 2);
    expect(v.y).toBeCloseTo((600 - 300 * v.zoom) / 2);
  });

  it('does not blow a tiny graph up', () => {
    expect(initialViewport({ width: 100, height: 60 }, { width: 1000, height: 600 }).zoom).toBe(1.25);
  });

  it('shows the top of a graph too tall to read whole, at a readable zoom', () => {
    const v = initialViewport({ width: 2000, height: 9000 }, { width: 900, height: 700 });
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(v).toMatchObject({ x: 24, y: 24 });
    // As wide as the view allows when that is readable.
    const w = initialViewport({ width: 1300, height: 9000 }, { width: 900, height: 700 });
    expect(w.zoom).toBeCloseTo((900 - 48) / 1300);
    expect(w.y).toBe(24);
    // Too wide but not too tall: from the left, centred vertically.
    const z = initialViewport({ width: 2000, height: 300 }, { width: 900, height: 700 });
    expect(z).toMatchObject({ x: 24, zoom: READABLE_ZOOM });
    expect(z.y).toBeCloseTo((700 - 300 * READABLE_ZOOM) / 2);
  });

  it('moves only when nothing of interest is on screen', () => {
    const vp = { x: 0, y: 0, zoom: 1 };
    const view = { width: 500, height: 400 };
    expect(revealTarget([{ x: 100, y: 100, w: 50, h: 20 }], vp, view)).toBeNull();
    expect(revealTarget([{ x: 100, y: 900, w: 50, h: 20 }, { x: 100, y: 950, w: 50, h: 20 }], vp, view)).toEqual({ x: 125, y: 935 });
    // Too far apart to show together: the first one.
    expect(revealTarget([{ x: 0, y: 1000, w: 50, h: 20 }, { x: 0, y: 3000, w: 50, h: 20 }], vp, view)).toEqual({ x: 25, y: 1010 });
    expect(revealTarget([], vp, view)).toBeNull();
  });

  it('centres a point at a given zoom', () => {
    const v = centreOn({ x: 100, y: 50 }, 0.5, { width: 400, height: 300 });
    expect(v).toEqual({ x: 150, y: 125, zoom: 0.5 });
    // The point lands in the middle of the view.
    expect(100 * v.zoom + v.x).toBe(200);
    expect(50 * v.zoom + v.y).toBe(150);
  });

  it('tells a step of the same machine from another scenario', () => {
    const a = new Set(['group:1', 'device:a', 'device:b', 'fd:3@group:1']);
    expect(sameMachine(a, new Set([...a, 'container:1']))).toBe(true);
    expect(sameMachine(a, new Set(['group:9', 'device:z']))).toBe(false);
    expect(sameMachine(new Set(), a)).toBe(false);
  });
});
