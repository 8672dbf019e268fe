// The snapshot of a state for the explorer, and what a step changed. Pure: reads the state,
// allocates typed arrays for the address spaces (one pass over each interval map, no object per
// mapping), and, given the state one step earlier, diffs the two (B-tree diff for mappings).

import type { Sim } from '../sim/sim';
import type { RangeDelta } from './diff-ranges';
import { diffSpaceModels, diffSpaceViews, toRangeChange } from './diff-ranges';
import type { ArrayCache, SpaceModel } from './layers';
import { layerList, toView } from './layers';
import { collectSpaces } from './spaces';
import type { SpaceInfo } from './summary-ranges';
import { rangeSummary } from './summary-ranges';
import { nodeSummary } from './summary-nodes';
import { buildTopology } from './topology';
import type { AddressSpaceView, AttrValue, RangeKind, RangeRef, Snapshot, StepChanges, TopoEdge, TopoNode } from './types';

export const NO_CHANGES: StepChanges = { addedNodes: [], removedNodes: [], changedNodes: [], ranges: [], summary: [], addedEdges: [], removedEdges: [] };

interface Model {
  readonly nodes: readonly TopoNode[];
  readonly edges: readonly TopoEdge[];
}

const sameList = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean =>
  (a?.length ?? 0) === (b?.length ?? 0) && (a ?? []).every((x, i) => x === b?.[i]);

function sameAttrs(a: Readonly<Record<string, AttrValue>>, b: Readonly<Record<string, AttrValue>>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && a[k] === b[k]);
}

function sameNode(a: TopoNode, b: TopoNode): boolean {
  return a.label === b.label && a.detail === b.detail && sameList(a.badges, b.badges) && sameList(a.spaces, b.spaces)
    && sameList(a.handles, b.handles) && sameAttrs(a.attrs, b.attrs);
}

/** Node and edge changes, then the summary from the nodes and the range deltas. */
function assemble(
  before: Model, after: Model, deltas: readonly RangeDelta[],
  spacesBefore: ReadonlyMap<string, SpaceInfo>, spacesAfter: ReadonlyMap<string, SpaceInfo>,
): StepChanges {
  const prev = new Map(before.nodes.map((n) => [n.id, n]));
  const next = new Map(after.nodes.map((n) => [n.id, n]));
  const addedNodes = after.nodes.filter((n) => !prev.has(n.id)).map((n) => n.id);
  const removedNodes = before.nodes.filter((n) => !next.has(n.id)).map((n) => n.id);
  const changedNodes = after.nodes.filter((n) => { const p = prev.get(n.id); return !!p && !sameNode(p, n); }).map((n) => n.id);
  const prevEdges = new Set(before.edges.map((e) => e.id));
  const nextEdges = new Set(after.edges.map((e) => e.id));
  const summary = [
    ...nodeSummary(prev, next, addedNodes, removedNodes, changedNodes),
    ...rangeSummary(deltas, spacesBefore, spacesAfter),
  ];
  return {
    addedNodes, removedNodes, changedNodes,
    ranges: deltas.filter((d) => d.addedCount + d.removedCount > 0).map(toRangeChange),
    summary,
    addedEdges: after.edges.filter((e) => !prevEdges.has(e.id)).map((e) => e.id),
    removedEdges: before.edges.filter((e) => !nextEdges.has(e.id)).map((e) => e.id),
  };
}

/** Small layers (<= 8 ranges) are listed whole in the summary ("usable IOVA now ..."). */
const SMALL = 8;

function modelInfo(spaces: readonly SpaceModel[]): Map<string, SpaceInfo> {
  return new Map(spaces.map((s) => [s.id, {
    name: s.name, kind: s.kind,
    now: (kind: RangeKind): readonly RangeRef[] | null => {
      const l = s.layers.find((x) => x.kind === kind);
      if (!l) return [];
      if (l.source === 'list') return l.ranges.length <= SMALL ? l.ranges : null;
      return l.parts.reduce((n, p) => n + p.map.size, 0) <= SMALL ? layerList(l) : null;
    },
  }]));
}

function viewInfo(spaces: readonly AddressSpaceView[]): Map<string, SpaceInfo> {
  return new Map(spaces.map((s) => [s.id, {
    name: s.title.split(' · ')[0]!, kind: s.kind,
    now: (kind: RangeKind): readonly RangeRef[] | null => {
      const l = s.layers.find((x) => x.kind === kind);
      if (!l) return [];
      if (l.first.length > SMALL) return null;
      return Array.from(l.first, (first, i) => ({ first, last: l.last[i]! }));
    },
  }]));
}

/** What the step from `prev` to `next` changed (the states of two consecutive steps). */
export function stepChanges(prev: Sim, next: Sim): StepChanges {
  return changesBetween(prev, collectSpaces(next), buildTopology(next));
}

/** `after` and `topoNext` are the later state's, already built by the caller. */
function changesBetween(prev: Sim, after: readonly SpaceModel[], topoNext: Model): StepChanges {
  const before = collectSpaces(prev);
  return assemble(buildTopology(prev), topoNext, diffSpaceModels(before, after), modelInfo(before), modelInfo(after));
}

/**
 * The snapshot of `sim`, the state after step `step` ran (-1: before the first step). With
 * `prev`, the state one step earlier (ideally the checkpoint `sim` was cloned from, so their
 * interval maps share nodes), `changes` says what the step did.
 */
export function buildSnapshot(sim: Sim, step: number, prev?: Sim): Snapshot {
  const topo = buildTopology(sim);
  const models = collectSpaces(sim);
  const cache: ArrayCache = new Map();
  const spaces = models.map((m) => toView(m, cache));
  const changes = prev ? changesBetween(prev, models, topo) : NO_CHANGES;
  return { step, nodes: topo.nodes, edges: topo.edges, spaces, changes };
}

/** What changed between two snapshots (any two: a merge of their typed arrays, O(n) per layer). */
export function diffSnapshots(prev: Snapshot, next: Snapshot): StepChanges {
  return assemble(prev, next, diffSpaceViews(prev.spaces, next.spaces), viewInfo(prev.spaces), viewInfo(next.spaces));
}

/**
 * The buffers to transfer with a snapshot (postMessage's transfer list), each once: layers may
 * share typed arrays (a HWPT shows its IOAS's areas), and a buffer listed twice is a DataCloneError.
 */
export function snapshotTransferables(s: Snapshot): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const sp of s.spaces) {
    for (const l of sp.layers) {
      for (const a of [l.first, l.last, l.backing]) if (a && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
    }
  }
  return [...out];
}
