// Every example of the vhost-vdpa, PASID / SVA and KVM families, at every step: ids follow the
// kind-prefix rule and are unique, edges join nodes that exist, nodes and lanes name each other,
// layers are sorted, and the step changes computed from snapshots equal those from states.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../src/core/view';
import { compareXlate } from '../../../src/core/view/vdpa-xlate';
import { xlateReport } from '../../../src/core/vhost/xlate';
import type { Snapshot, StepChanges } from '../../../src/core/view/types';
import { scenarioFile, stepThrough } from './helpers';

const FILES = readdirSync(new URL('../../../public/scenarios/', import.meta.url))
  .filter((f) => /^(seed00[0134]-|vdpa-|sva-|kvm-|pasid-)/.test(f))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

const norm = (c: StepChanges) => ({
  added: [...c.addedNodes].sort(), removed: [...c.removedNodes].sort(), changed: [...c.changedNodes].sort(),
  ranges: c.ranges.map((r) => ({ ...r, added: [...r.added], removed: [...r.removed] })),
  summary: c.summary,
  edges: [[...(c.addedEdges ?? [])].sort(), [...(c.removedEdges ?? [])].sort()],
});

function checkShape(s: Snapshot): void {
  const ids = new Set(s.nodes.map((n) => n.id));
  expect(ids.size).toBe(s.nodes.length);
  for (const n of s.nodes) expect(n.id === n.kind || n.id.startsWith(n.kind + ':'), n.id).toBe(true);
  for (const e of s.edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
  const spaces = new Set(s.spaces.map((x) => x.id));
  expect(spaces.size).toBe(s.spaces.length);
  for (const n of s.nodes) for (const sp of n.spaces ?? []) expect(spaces.has(sp), `${n.id} -> ${sp}`).toBe(true);
  for (const sp of s.spaces) {
    expect(ids.has(sp.node), `${sp.id} owned by ${sp.node}`).toBe(true);
    for (const l of sp.layers) {
      // One expect per layer, not per range (2048-entry IOTLBs at every step).
      let bad = -1;
      for (let i = 0; i < l.first.length && bad < 0; i++) if (l.first[i]! > l.last[i]! || (i > 0 && l.first[i]! < l.first[i - 1]!)) bad = i;
      expect(bad, `${sp.id} ${l.kind}: range ${bad} out of order`).toBe(-1);
    }
  }
}

describe('beyond-VFIO examples: snapshot shape and step changes at every step', () => {
  it('finds the examples', () => {
    expect(FILES.length).toBeGreaterThan(25);
  });
  for (const f of FILES) {
    it(f, { timeout: 120_000 }, () => {
      const run = stepThrough(scenarioFile(f));
      run.snaps.forEach(checkShape);
      // The view's B-tree comparison says what the family's xlateReport says (sampled: it is O(n log n)).
      const every = Math.max(1, Math.floor(run.sims.length / 40));
      run.sims.forEach((sim, i) => {
        if (i % every !== 0 && i !== run.sims.length - 1) return;
        for (const dev of sim.state.vdpa.values()) {
          for (let asid = 0; asid < 2; asid++) if (dev.xlate.has(asid)) expect(compareXlate(dev, asid), `${f} step ${i - 1}`).toEqual(xlateReport(dev, asid));
        }
      });
      for (let i = 1; i < run.snaps.length; i++) {
        expect(norm(diffSnapshots(run.snaps[i - 1]!, run.snaps[i]!)), `${f} step ${i - 1}`).toEqual(norm(run.snaps[i]!.changes));
      }
    });
  }
});
