import { describe, expect, it } from 'vitest';
import { centreOn, initialViewport, OVERVIEW_ZOOM, READABLE_ZOOM, revealTarget, sameMachine } from '../../../src/ui/graph/viewport';

describe('graph camera', () => {
  // The room: 52 px on the left for the zoom buttons, 24 px on the other sides.
  it('fits a graph that is readable whole, centred in the room', () => {
    const v = initialViewport({ width: 800, height: 300 }, { width: 1000, height: 600 });
    expect(v.zoom).toBeCloseTo(924 / 800, 5);
    expect(v.x).toBeCloseTo(52 + (924 - 800 * v.zoom) / 2);
    expect(v.y).toBeCloseTo(24 + (552 - 300 * v.zoom) / 2);
  });

  it('does not blow a tiny graph up', () => {
    expect(initialViewport({ width: 100, height: 60 }, { width: 1000, height: 600 }).zoom).toBe(1.25);
  });

  it('with nothing in focus: the whole graph down to the overview zoom, else its top left', () => {
    // Fits at 0.45: whole, centred (the PPC machine in a 1280-wide window).
    const whole = initialViewport({ width: 1264, height: 200 }, { width: 600, height: 430 });
    expect(whole.zoom).toBeCloseTo(524 / 1264);
    expect(whole.zoom).toBeGreaterThan(OVERVIEW_ZOOM);
    const v = initialViewport({ width: 3000, height: 9000 }, { width: 900, height: 700 });
    expect(v).toMatchObject({ x: 52, y: 24, zoom: OVERVIEW_ZOOM });
    // As wide as the view allows when that is at least the overview zoom.
    const w = initialViewport({ width: 1300, height: 9000 }, { width: 900, height: 700 });
    expect(w.zoom).toBeCloseTo(824 / 1300);
    expect(w.y).toBe(24);
  });

  it('with a focus: never below the readable zoom', () => {
    const focus = { x: 0, y: 0, w: 100, h: 62 };
    // The same PPC machine, something added at its left: readable, from the left.
    const v = initialViewport({ width: 1264, height: 200 }, { width: 600, height: 430 }, focus);
    expect(v).toMatchObject({ x: 52, zoom: READABLE_ZOOM });
    // Too wide but not too tall: centred vertically.
    const z = initialViewport({ width: 2000, height: 300 }, { width: 900, height: 700 }, focus);
    expect(z).toMatchObject({ x: 52, zoom: READABLE_ZOOM });
    expect(z.y).toBeCloseTo(24 + (652 - 300 * READABLE_ZOOM) / 2);
  });

  it("centres what the step added when the graph is too wide, never past the graph's ends", () => {
    const graph = { width: 2000, height: 300 };
    const view = { width: 900, height: 700 };
    // A node in the middle: centred on it.
    const mid = initialViewport(graph, view, { x: 1000, y: 100, w: 184, h: 62 });
    expect((1000 + 92) * mid.zoom + mid.x).toBeCloseTo(52 + 824 / 2);
    // A node at the far right: the graph's right end at the room's right edge, not beyond.
    const right = initialViewport(graph, view, { x: 1900, y: 100, w: 100, h: 62 });
    expect(2000 * right.zoom + right.x).toBeCloseTo(900 - 24);
    // A node at the far left: the graph starts at the room's left edge.
    expect(initialViewport(graph, view, { x: 0, y: 0, w: 100, h: 62 }).x).toBe(52);
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
