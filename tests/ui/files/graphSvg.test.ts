import { describe, expect, it } from 'vitest';
import { buildGraphSvg } from '../../../src/ui/files/graphSvg';
import { estimateText } from '../../../src/ui/files/exportColors';
import { computeLayout, layoutInputOf } from '../../../src/ui/graph/layout';
import { GraphMemory } from '../../../src/ui/graph/memory';
import { buildGraphModel } from '../../../src/ui/graph/model';
import type { Snapshot } from '../../../src/core/view/types';
import { bigMachine, type1Story } from '../graph/fixtures';
import { COLORS } from './colors';
import { checkWellFormed } from './wellFormed';

function build(s: Snapshot, memory: GraphMemory | null = null, selectedId: string | null = null) {
  const model = buildGraphModel(s, memory);
  const layout = computeLayout(layoutInputOf(model));
  return { model, layout, out: buildGraphSvg({ model, layout, selectedId, relatedId: null, colors: COLORS, caption: { title: 'type1 story', line: 'Step 3' }, measure: estimateText }, '<metadata id="m"/>') };
}

describe('graph SVG', () => {
  it('draws every card at its layout position with its label, kind and handles', () => {
    const { model, layout, out } = build(type1Story(3));
    expect(checkWellFormed(out.svg)).toBeNull();
    expect(out.svg).toContain('<metadata id="m"/>');
    for (const n of model.nodes) {
      expect(out.svg).toContain(`data-node-id="${n.id}"`);
      expect(out.svg).toContain(`>${n.data.label}<`);
    }
    expect(out.svg).toContain('>IOMMU GROUP<');
    expect(out.svg).toContain('>container<');
    // The whole drawing fits (cards at the layout's positions, inside the image).
    expect(out.width).toBeGreaterThanOrEqual(layout.width);
    expect(out.height).toBeGreaterThan(layout.height);
  });

  it('rings what the step added and changed, and keeps a removed node as a dashed ghost', () => {
    const added = build(type1Story(3)).out.svg;
    expect(added).toContain(`stroke="${COLORS.added}" stroke-width="2"`);
    expect(added).toContain(`stroke="${COLORS.changed}" stroke-width="2"`);
    expect(added).toContain('>added by this step<');
    const memory = new GraphMemory();
    memory.advance(type1Story(4));
    memory.advance(type1Story(5));
    const ghost = build(type1Story(5), memory).out.svg;
    expect(ghost).toMatch(/data-node-id="backend:1"[^>]*opacity="0.5"/);
    expect(ghost).toContain('>removed<');
    expect(ghost).toContain('removed by this step');
  });

  it('outlines the selected node and draws its edges in the accent colour', () => {
    const svg = build(type1Story(4), null, 'group:26').out.svg;
    expect(svg).toContain(`stroke="${COLORS.accent}" stroke-width="2"/>`);
    expect(svg).toMatch(new RegExp(`stroke="${COLORS.accent}" stroke-width="[\\d.]+"[^>]*data-edge-id="member:device:nic0-&gt;group:26"`));
  });

  it('stays well-formed and bounded for a large machine', () => {
    const { out } = build(bigMachine(30, 2, 3));
    expect(checkWellFormed(out.svg)).toBeNull();
    expect(out.svg.length).toBeLessThan(2_000_000);
  });

  it('says so when there is nothing to draw', () => {
    const empty: Snapshot = { step: -1, nodes: [], edges: [], spaces: [], changes: { addedNodes: [], removedNodes: [], changedNodes: [], ranges: [], summary: [] } };
    const { out } = build(empty);
    expect(out.svg).toContain('No objects at this step.');
    expect(checkWellFormed(out.svg)).toBeNull();
  });
});
