import { describe, expect, it } from 'vitest';
import { computeLayout, layoutInputOf, NODE_GAP, placeProvisional } from '../../../src/ui/graph/layout';
import { buildGraphModel } from '../../../src/ui/graph/model';
import type { GraphModel } from '../../../src/ui/graph/model';
import { bigMachine, type1Story } from './fixtures';

function overlaps(model: GraphModel, positions: Record<string, { x: number; y: number }>): string[] {
  const out: string[] = [];
  const ns = model.nodes;
  for (let i = 0; i < ns.length; i++) {
    for (let j = i + 1; j < ns.length; j++) {
      const a = ns[i]!;
      const b = ns[j]!;
      const pa = positions[a.id]!;
      const pb = positions[b.id]!;
      if (pa.x < pb.x + b.width && pb.x < pa.x + a.width && pa.y < pb.y + b.height && pb.y < pa.y + a.height) out.push(`${a.id} / ${b.id}`);
    }
  }
  return out;
}

// Layouts of a few hundred objects on a loaded 2-core CI machine can take seconds.
describe('graph layout', { timeout: 30_000 }, () => {
  it('lays columns out left to right in the order of the kinds', () => {
    const m = buildGraphModel(type1Story(4), null);
    const r = computeLayout(layoutInputOf(m));
    const x = (id: string): number => r.positions[id]!.x;
    // The process has no edges here: it heads the fd column.
    expect(x('process') + m.nodes.find((n) => n.id === 'process')!.width / 2).toBe(x('fd:3') + 124 / 2);
    expect(x('fd:3')).toBeLessThan(x('device:nic0'));
    expect(x('device:nic0')).toBeLessThan(x('group:26'));
    expect(x('group:26')).toBeLessThan(x('container:1'));
    expect(x('container:1')).toBeLessThan(x('backend:1'));
    expect(x('backend:1')).toBeLessThan(x('domain:1:0'));
    expect(x('device:nic0')).toBe(x('device:nic1'));
    expect(overlaps(m, r.positions)).toEqual([]);
  });

  it('is deterministic, and equal structures get equal layouts', () => {
    const a = computeLayout(layoutInputOf(buildGraphModel(type1Story(3), null)));
    const b = computeLayout(layoutInputOf(buildGraphModel(type1Story(4), null)));
    expect(b.positions).toEqual(a.positions);
    expect(b.bends).toEqual(a.bends);
  });

  it('routes long edges with bends between the columns they cross', () => {
    const m = buildGraphModel(type1Story(3), null);
    const r = computeLayout(layoutInputOf(m));
    // group -> domain crosses the container and backend columns.
    const bends = r.bends['attached:group:26->domain:1:0']!;
    expect(bends.length).toBeGreaterThan(1);
    const g = r.positions['group:26']!.x;
    const d = r.positions['domain:1:0']!.x;
    for (const p of bends) expect(p.x > g && p.x < d).toBe(true);
  });

  it('lays out a machine of about 300 objects without overlaps', () => {
    const m = buildGraphModel(bigMachine(40, 2, 10), null);
    expect(m.nodes.length).toBeGreaterThanOrEqual(290);
    const r = computeLayout(layoutInputOf(m));
    expect(overlaps(m, r.positions)).toEqual([]);
    // The 500 ms budget for layout and first render is measured by `npm run bench`.
  });

  it('keeps known nodes in place and puts a new one by its neighbour without overlap', () => {
    const before = buildGraphModel(type1Story(2), null);
    const after = buildGraphModel(type1Story(3), null);
    const prev = computeLayout(layoutInputOf(before));
    const p = placeProvisional(prev, layoutInputOf(after));
    expect(p.provisional).toBe(true);
    for (const n of before.nodes) expect(p.positions[n.id]).toEqual(prev.positions[n.id]);
    expect(overlaps(after, p.positions)).toEqual([]);
    // The backend sits right of the container, near its height.
    const c = prev.positions['container:1']!;
    const b = p.positions['backend:1']!;
    expect(b.x).toBeGreaterThan(c.x);
    expect(Math.abs(b.y - c.y)).toBeLessThan(4 * (62 + NODE_GAP));
  });

  it('places everything when nothing was laid out before', () => {
    const m = buildGraphModel(bigMachine(5, 2, 2), null);
    const p = placeProvisional(null, layoutInputOf(m));
    expect(Object.keys(p.positions).length).toBe(m.nodes.length);
    expect(overlaps(m, p.positions)).toEqual([]);
  });
});
