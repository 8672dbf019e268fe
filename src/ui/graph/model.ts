// From a Snapshot to what the graph draws: one entry per node (live or a ghost of a node the
// step removed) with its column, its fixed size and its card's data, and one entry per edge
// oriented left to right. Pure (no React, no DOM): the unit tests and the layout worker use it.
//
// Columns follow how DMA is set up, left to right: the process and its fds (user space), then
// devices -> groups -> containers / iommufd contexts -> IOMMU backends / IOAS -> domains / HWPTs
// / windows. Sizes depend on the kind only, never on the text, so a step that changes a label
// or a detail never changes the layout (no jumping on a seek that changes nothing structural).

import type { EdgeKind, NodeKind, Snapshot, TopoEdge, TopoNode } from '../../core/view/types';
import type { GraphMemory } from './memory';

export const NODE_KINDS: readonly NodeKind[] = [
  'process', 'fd', 'device', 'vdpa', 'uacce-queue', 'group', 'vdpa-parent', 'asid', 'pasid', 'container', 'iommufd',
  'sva-domain', 'kvm', 'kvm-vfio', 'iommu-backend', 'ioas', 'mm', 'liobn', 'hwpt', 'domain', 'window',
];

/**
 * The column of each kind. Beyond VFIO the same reading holds, left to right along the path of
 * a translation: a vDPA device or a uacce queue sits with the devices, its parent driver, its
 * ASIDs or its PASID entries next to it like a group (so a vDPA device and its ASIDs fit in
 * three columns); an SVA domain where a container or iommufd would be, and the mm whose page
 * table it walks with the address spaces; the KVM VM and its kvm-vfio device where containers
 * are (kvm-vfio holds groups as a container does), its LIOBN tables with the address spaces,
 * and the hardware TCE tables (windows) they link to on the right.
 */
export const COLUMN: Readonly<Record<NodeKind, number>> = {
  process: 0,
  fd: 1,
  device: 2,
  vdpa: 2,
  'uacce-queue': 2,
  group: 3,
  'vdpa-parent': 3,
  asid: 3,
  pasid: 3,
  container: 4,
  iommufd: 4,
  'sva-domain': 4,
  kvm: 4,
  'kvm-vfio': 4,
  'iommu-backend': 5,
  ioas: 5,
  mm: 5,
  liobn: 5,
  hwpt: 6,
  domain: 6,
  window: 6,
};

export const CARD = { width: 184, height: 62 } as const;
export const FD_CARD = { width: 124, height: 38 } as const;

export function sizeOf(kind: NodeKind): { readonly width: number; readonly height: number } {
  return kind === 'fd' ? FD_CARD : CARD;
}

/** What the current step did to a node. */
export type NodeStatus = 'same' | 'added' | 'changed' | 'removed';

/** The card's data (React Flow node data): everything the card shows, nothing else. */
export type GraphNodeData = {
  readonly kind: NodeKind;
  readonly label: string;
  readonly detail: string;
  readonly badges: readonly string[];
  readonly handles: readonly string[];
  readonly status: NodeStatus;
  /** False for a ghost nothing is remembered of: its kind is a guess from its id. */
  readonly known: boolean;
};

export interface ModelNode {
  readonly id: string;
  readonly column: number;
  readonly width: number;
  readonly height: number;
  readonly data: GraphNodeData;
}

export interface ModelEdge {
  readonly id: string;
  /** Left end (the lower column); `reversed` when that is the TopoEdge's target. */
  readonly source: string;
  readonly target: string;
  readonly kind: EdgeKind;
  readonly label: string | undefined;
  readonly reversed: boolean;
  /** An edge of a removed node, drawn as a ghost. */
  readonly removed: boolean;
  /**
   * One of many edges of its kind at a hub (an iommufd bound to 80 devices): left out of the
   * layout and drawn only while one of its ends is selected, since 80 lines into one card say
   * less than the card's own count and the inspector's list.
   */
  readonly hub: boolean;
}

/** Edge kinds whose fans are thinned, and how many edges of one kind make a node a hub. */
const HUB_KINDS: ReadonlySet<EdgeKind> = new Set<EdgeKind>(['bound', 'owns']);
export const HUB_MIN_EDGES = 9;

export interface GraphModel {
  readonly nodes: readonly ModelNode[];
  readonly edges: readonly ModelEdge[];
  /**
   * The structure (node ids with their columns, edge ids with their ends): two models with the
   * same signature get the same layout. Text, badges and change marks are not part of it.
   */
  readonly signature: string;
}

/** Natural order: "group:7" before "group:26", so columns read in numeric order. */
export function naturalCompare(a: string, b: string): number {
  return COLLATOR.compare(a, b);
}
const COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

function isNodeKind(s: string): s is NodeKind {
  return (NODE_KINDS as readonly string[]).includes(s);
}

/**
 * A removed node nobody remembers (the user seeked straight here): its kind from its id when
 * the id starts with one, else drawn as a small unnamed card.
 */
function ghostFromId(id: string): TopoNode {
  const prefix = id.split(':')[0] ?? '';
  return { id, kind: isNodeKind(prefix) ? prefix : 'fd', label: id, attrs: {} };
}

function dataOf(n: TopoNode, status: NodeStatus, known = true): GraphNodeData {
  return {
    known,
    kind: n.kind,
    label: n.label,
    detail: n.detail ?? '',
    badges: n.badges ?? [],
    handles: n.handles ?? [],
    status,
  };
}

function modelNode(n: TopoNode, status: NodeStatus, processColumn: number, known = true): ModelNode {
  const size = sizeOf(n.kind);
  const column = n.kind === 'process' ? processColumn : COLUMN[n.kind];
  return { id: n.id, column, width: size.width, height: size.height, data: dataOf(n, status, known) };
}

/**
 * The process gets a column of its own only when it has edges (to its fds); else it heads the
 * fd column, rather than spend a whole column's width on one card.
 */
function processColumnOf(s: Snapshot): number {
  const procs = new Set(s.nodes.filter((n) => n.kind === 'process').map((n) => n.id));
  return s.edges.some((e) => procs.has(e.source) || procs.has(e.target)) ? COLUMN.process : COLUMN.fd;
}

/** Orients an edge left to right by the columns of its ends (equal columns keep their order). */
function modelEdge(e: TopoEdge, column: ReadonlyMap<string, number>, removed: boolean): ModelEdge | null {
  const cs = column.get(e.source);
  const ct = column.get(e.target);
  if (cs === undefined || ct === undefined) return null; // an end is not drawn: nothing to join
  const reversed = cs > ct;
  return {
    id: e.id,
    source: reversed ? e.target : e.source,
    target: reversed ? e.source : e.target,
    kind: e.kind,
    label: e.label,
    reversed,
    removed,
    hub: false,
  };
}

/** Marks the edges that belong to a fan of HUB_MIN_EDGES or more of one kind at one node. */
function markHubs(edges: ModelEdge[]): ModelEdge[] {
  const fan = new Map<string, number>();
  const key = (node: string, kind: EdgeKind): string => `${kind} ${node}`;
  for (const e of edges) {
    if (!HUB_KINDS.has(e.kind)) continue;
    for (const end of [e.source, e.target]) fan.set(key(end, e.kind), (fan.get(key(end, e.kind)) ?? 0) + 1);
  }
  return edges.map((e) =>
    HUB_KINDS.has(e.kind) && ((fan.get(key(e.source, e.kind)) ?? 0) >= HUB_MIN_EDGES || (fan.get(key(e.target, e.kind)) ?? 0) >= HUB_MIN_EDGES)
      ? { ...e, hub: true }
      : e,
  );
}

export function buildGraphModel(snapshot: Snapshot, memory: GraphMemory | null): GraphModel {
  const live = new Set(snapshot.nodes.map((n) => n.id));
  const added = new Set(snapshot.changes.addedNodes);
  const changed = new Set(snapshot.changes.changedNodes);

  const pc = processColumnOf(snapshot);
  const nodes: ModelNode[] = snapshot.nodes.map((n) =>
    modelNode(n, added.has(n.id) ? 'added' : changed.has(n.id) ? 'changed' : 'same', pc),
  );
  // Ghosts: what the step removed, drawn where it was (it keeps its place in the layout).
  const ghostIds = [...new Set(snapshot.changes.removedNodes)].filter((id) => !live.has(id));
  for (const id of ghostIds) {
    const known = memory?.node(id);
    // Unremembered: the kind comes from the id if it starts with one ("group:26"), else unknown.
    nodes.push(known ? modelNode(known, 'removed', pc) : modelNode(ghostFromId(id), 'removed', pc, isNodeKind(id.split(':')[0] ?? '')));
  }
  nodes.sort((a, b) => a.column - b.column || naturalCompare(a.id, b.id));

  const column = new Map(nodes.map((n) => [n.id, n.column]));
  const edges: ModelEdge[] = [];
  const seen = new Set<string>();
  for (const e of snapshot.edges) {
    const m = modelEdge(e, column, false);
    if (m && !seen.has(m.id)) {
      seen.add(m.id);
      edges.push(m);
    }
  }
  if (memory) {
    for (const e of memory.edgesOf(ghostIds)) {
      if (seen.has(e.id)) continue;
      const m = modelEdge(e, column, true);
      if (m) {
        seen.add(m.id);
        edges.push(m);
      }
    }
  }
  edges.sort((a, b) => naturalCompare(a.id, b.id));
  const marked = markHubs(edges);

  const signature =
    nodes.map((n) => `${n.id}@${n.column}`).join('\n') + '\n--\n' + marked.map((e) => `${e.id}:${e.source}>${e.target}`).join('\n');
  return { nodes, edges: marked, signature };
}

/** The ids of the neighbours of every node (for placing new nodes and for the inspector). */
export function neighbours(edges: readonly { readonly source: string; readonly target: string }[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (a: string, b: string): void => {
    const l = m.get(a);
    if (l) l.push(b);
    else m.set(a, [b]);
  };
  for (const e of edges) {
    add(e.source, e.target);
    add(e.target, e.source);
  }
  return m;
}
