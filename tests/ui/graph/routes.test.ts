import { describe, expect, it } from 'vitest';
import { computeLayout, layoutInputOf } from '../../../src/ui/graph/layout';
import { buildGraphModel } from '../../../src/ui/graph/model';
import { routeEdges } from '../../../src/ui/graph/routes';
import type { Snapshot } from '../../../src/core/view/types';
import { type1Story } from './fixtures';

function routed(s: Snapshot, selectedId: string | null, labelWidth = (l: string) => l.length * 6) {
  const model = buildGraphModel(s, null);
  return { model, drawn: routeEdges(model, computeLayout(layoutInputOf(model)), selectedId, labelWidth) };
}

describe('edge routes (shared by the graph and its SVG export)', () => {
  it('routes every edge between placed cards, from a right side to a left side', () => {
    const { model, drawn } = routed(type1Story(4), null);
    expect(drawn.length).toBe(model.edges.filter((e) => !e.hub).length);
    for (const r of drawn) expect(r.d).toMatch(/^M[\d.-]+,[\d.-]+[LC]/);
  });

  it("draws the selected node's edges last, lit", () => {
    const { drawn } = routed(type1Story(4), 'group:26');
    const lit = drawn.filter((r) => r.lit);
    expect(lit.length).toBeGreaterThan(0);
    expect(drawn.slice(-lit.length).every((r) => r.lit)).toBe(true);
  });

  it('labels an edge only when its label fits between the columns', () => {
    const s = type1Story(4);
    const labelled = { ...s, edges: s.edges.map((e) => ({ ...e, label: 'ab' })) };
    expect(routed(labelled, null).drawn.some((r) => r.mid !== null)).toBe(true);
    expect(routed(labelled, null, () => 1e6).drawn.every((r) => r.mid === null)).toBe(true);
  });
});
