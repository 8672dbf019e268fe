import { describe, expect, it } from 'vitest';
import { buildGraphModel, COLUMN, HUB_MIN_EDGES, naturalCompare } from '../../../src/ui/graph/model';
import { layoutInputOf } from '../../../src/ui/graph/layout';
import { GraphMemory } from '../../../src/ui/graph/memory';
import { NO_CHANGES, bigMachine, type1Story } from './fixtures';

describe('graph model', () => {
  it('marks what the step added and changed', () => {
    const m = buildGraphModel(type1Story(3), null);
    const status = Object.fromEntries(m.nodes.map((n) => [n.id, n.data.status]));
    expect(status['backend:1']).toBe('added');
    expect(status['domain:1:0']).toBe('added');
    expect(status['container:1']).toBe('changed');
    expect(status['group:26']).toBe('same');
  });

  it('puts every kind in its column and orders a column naturally', () => {
    const m = buildGraphModel(bigMachine(12, 1, 2), null);
    for (const n of m.nodes) if (n.data.kind !== 'process') expect(n.column).toBe(COLUMN[n.data.kind]);
    const groups = m.nodes.filter((n) => n.data.kind === 'group').map((n) => n.id);
    expect(groups.slice(0, 3)).toEqual(['group:10', 'group:11', 'group:12']);
    expect(naturalCompare('group:7', 'group:26')).toBeLessThan(0);
  });

  it('gives the process a column of its own only when it has edges', () => {
    const s = type1Story(1);
    const alone = buildGraphModel(s, null).nodes.find((n) => n.id === 'process')!;
    expect(alone.column).toBe(COLUMN.fd);
    const linked = buildGraphModel({ ...s, edges: [...s.edges, { id: 'p3', kind: 'fd', source: 'process', target: 'fd:3' }] }, null);
    expect(linked.nodes.find((n) => n.id === 'process')!.column).toBe(COLUMN.process);
    expect(linked.edges.find((e) => e.id === 'p3')).toMatchObject({ source: 'process', target: 'fd:3', reversed: false });
  });

  it('orients edges left to right and says when it turned one round', () => {
    const m = buildGraphModel(bigMachine(1, 1, 1), null);
    const onIoas = m.edges.find((e) => e.kind === 'on-ioas')!;
    // hwpt -> ioas in the view model; the IOAS's column is left of the HWPT's.
    expect(onIoas).toMatchObject({ source: 'ioas:1:1', target: 'hwpt:1:100', reversed: true });
    const member = m.edges.find((e) => e.kind === 'member')!;
    expect(member.reversed).toBe(false);
  });

  it('drops edges whose ends are not drawn', () => {
    const s = type1Story(2);
    const m = buildGraphModel({ ...s, edges: [...s.edges, { id: 'x', kind: 'fd', source: 'fd:99', target: 'group:26' }] }, null);
    expect(m.edges.map((e) => e.id)).not.toContain('x');
  });

  it('draws removed nodes as ghosts with what was remembered, and their edges', () => {
    const mem = new GraphMemory();
    for (let step = -1; step <= 5; step++) {
      mem.advance(type1Story(step));
      if (step === 5) {
        const m = buildGraphModel(type1Story(5), mem);
        const ghost = m.nodes.find((n) => n.id === 'backend:1')!;
        expect(ghost.data).toMatchObject({ status: 'removed', kind: 'iommu-backend', label: 'type1 v2' });
        const ghostEdges = m.edges.filter((e) => e.removed).map((e) => e.id).sort();
        expect(ghostEdges).toEqual(['attached:group:26->domain:1:0', 'backend:container:1->backend:1', 'owns:backend:1->domain:1:0']);
      }
    }
  });

  it('keeps what "before" means when the same step comes again', () => {
    const mem = new GraphMemory();
    mem.advance(type1Story(4));
    mem.advance(type1Story(5));
    const a = buildGraphModel(type1Story(5), mem);
    mem.advance(type1Story(5));
    const b = buildGraphModel(type1Story(5), mem);
    expect(b.signature).toBe(a.signature);
    expect(b.edges.some((e) => e.removed)).toBe(true);
  });

  it('names a ghost nobody remembers by its id, its kind from the id', () => {
    const m = buildGraphModel({ ...type1Story(6), changes: { ...NO_CHANGES, removedNodes: ['fd:4', 'mystery'] } }, new GraphMemory());
    expect(m.nodes.find((n) => n.id === 'fd:4')!.data).toMatchObject({ kind: 'fd', label: 'fd:4', status: 'removed', known: true });
    // No kind in the id: a small unnamed card, not a guess that claims to be a process.
    expect(m.nodes.find((n) => n.id === 'mystery')!.data).toMatchObject({ kind: 'fd', known: false });
  });

  it('thins the fans of busy objects out of the layout, and only those', () => {
    // 12 groups of 1 device: the iommufd is bound to 12 devices and owns 12 HWPTs and 2 IOAS.
    const m = buildGraphModel(bigMachine(12, 1, 2), null);
    const bound = m.edges.filter((e) => e.kind === 'bound');
    expect(bound.length).toBeGreaterThanOrEqual(HUB_MIN_EDGES);
    expect(bound.every((e) => e.hub)).toBe(true);
    expect(m.edges.filter((e) => e.kind === 'owns').every((e) => e.hub)).toBe(true);
    // Structure-carrying kinds are never thinned.
    expect(m.edges.filter((e) => e.kind === 'member' || e.kind === 'attached' || e.kind === 'fd').some((e) => e.hub)).toBe(false);
    const routed = new Set(layoutInputOf(m).edges.map((e) => e.id));
    expect(bound.some((e) => routed.has(e.id))).toBe(false);
    // A small machine has no hubs.
    expect(buildGraphModel(bigMachine(2, 1, 1), null).edges.some((e) => e.hub)).toBe(false);
  });

  it('has the same signature when only text or marks change', () => {
    // Step 4 maps memory: the backend's detail and the changes differ, the structure does not.
    expect(buildGraphModel(type1Story(4), null).signature).toBe(buildGraphModel(type1Story(3), null).signature);
    expect(buildGraphModel(type1Story(2), null).signature).not.toBe(buildGraphModel(type1Story(1), null).signature);
  });
});
