// The graph's layout: dagre, left to right, with every node in its kind's column (the columns
// are fixed by kind, not found by dagre, so a device is always left of its group whatever the
// edges say). Pure and deterministic: the same input gives the same positions, in the layout
// worker, on the main thread and in the unit tests.
//
// While a new layout is computed (in the worker, for large graphs), `placeProvisional` keeps
// every known node where it was and puts new ones next to their neighbours, so nothing jumps
// and nothing appears in a corner.

import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import { CARD } from './model';
import type { GraphModel } from './model';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LayoutInput {
  readonly nodes: readonly { readonly id: string; readonly column: number; readonly width: number; readonly height: number }[];
  readonly edges: readonly { readonly id: string; readonly source: string; readonly target: string }[];
}

export interface LayoutResult {
  /** Top-left corner of each node (React Flow's position). */
  readonly positions: Readonly<Record<string, Point>>;
  /** Interior bend points of each routed edge (dagre's route without its two end points). */
  readonly bends: Readonly<Record<string, readonly Point[]>>;
  /** Left x of each column that has nodes. */
  readonly columnX: Readonly<Record<number, number>>;
  readonly width: number;
  readonly height: number;
  /** Time the layout took (ms); 0 for a provisional placement. */
  readonly ms: number;
  /** Placed by `placeProvisional` while the real layout is on its way. */
  readonly provisional: boolean;
}

/**
 * Above this many nodes dagre keeps its first, depth-first order instead of sweeping for
 * fewer crossings: the sweeps cost most of the time on large graphs (300 objects: ~450 ms
 * against ~150 ms), and columns sorted by id already read well.
 */
export const SWEEP_MAX_NODES = 150;

/** Vertical gap between nodes of a column, and horizontal gap between columns. */
export const NODE_GAP = 14;
export const COLUMN_GAP = 44;

export function layoutInputOf(model: GraphModel): LayoutInput {
  return {
    nodes: model.nodes.map((n) => ({ id: n.id, column: n.column, width: n.width, height: n.height })),
    // Hub fans are drawn on demand, without bends: they must not shape the layout.
    edges: model.edges.filter((e) => !e.hub).map((e) => ({ id: e.id, source: e.source, target: e.target })),
  };
}

type NodeLabel = { width: number; height: number; rank?: number; x?: number; y?: number };
type EdgeLabel = { points?: { x: number; y: number }[] };

/**
 * dagre's ranker hook: ranks are already set on the nodes (2 per column, as dagre doubles
 * ranks to make room for edge labels); only its own helper root has none.
 */
function presetRanks(g: Graph<unknown, NodeLabel>): void {
  for (const v of g.nodes()) {
    const n = g.node(v);
    if (typeof n.rank !== 'number') n.rank = 0;
  }
}

export function computeLayout(input: LayoutInput, opts: { readonly sweep?: boolean } = {}): LayoutResult {
  const t0 = performance.now();
  // Empty columns take no room: column c is drawn at the index of c among the used ones.
  const used = [...new Set(input.nodes.map((n) => n.column))].sort((a, b) => a - b);
  const rankOf = new Map(used.map((c, i) => [c, 2 * (i + 1)]));
  const columnOf = new Map(input.nodes.map((n) => [n.id, n.column]));

  const g = new Graph<Record<string, unknown>, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ranker: presetRanks, nodesep: NODE_GAP, edgesep: 8, ranksep: COLUMN_GAP, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.id, { width: n.width, height: n.height, rank: rankOf.get(n.column) ?? 0 });
  const routed: string[] = [];
  for (const e of input.edges) {
    const cs = columnOf.get(e.source);
    const ct = columnOf.get(e.target);
    // Edges inside one column (none in today's view model) are drawn but not routed.
    if (cs === undefined || ct === undefined || cs >= ct) continue;
    g.setEdge({ v: e.source, w: e.target, name: e.id }, {});
    routed.push(e.id);
  }
  const sweep = opts.sweep ?? input.nodes.length <= SWEEP_MAX_NODES;
  if (input.nodes.length > 0) dagreLayout(g, { disableOptimalOrderHeuristic: !sweep });

  // dagre puts the top-left node at the origin but may route an edge above or left of it:
  // shift everything so that the whole drawing, bends included, starts at (0, 0).
  let minX = Infinity;
  let minY = Infinity;
  for (const n of input.nodes) {
    const l = g.node(n.id);
    minX = Math.min(minX, (l.x ?? 0) - n.width / 2);
    minY = Math.min(minY, (l.y ?? 0) - n.height / 2);
  }
  const rawBends: [string, { x: number; y: number }[]][] = [];
  for (const e of g.edges()) {
    const pts = (g.edge(e).points ?? []).slice(1, -1);
    if (e.name === undefined) continue;
    rawBends.push([e.name, pts]);
    for (const p of pts) {
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
    }
  }
  if (!Number.isFinite(minX)) minX = 0;
  if (!Number.isFinite(minY)) minY = 0;

  const positions: Record<string, Point> = {};
  const columnX: Record<number, number> = {};
  let width = 0;
  let height = 0;
  for (const n of input.nodes) {
    const l = g.node(n.id);
    const x = (l.x ?? 0) - n.width / 2 - minX;
    const y = (l.y ?? 0) - n.height / 2 - minY;
    positions[n.id] = { x, y };
    // Every node of a column shares its centre; the widest decides the column's left edge.
    columnX[n.column] = Math.min(columnX[n.column] ?? Infinity, x);
    width = Math.max(width, x + n.width);
    height = Math.max(height, y + n.height);
  }
  const bends: Record<string, Point[]> = {};
  for (const [id, pts] of rawBends) {
    bends[id] = pts.map((p) => ({ x: p.x - minX, y: p.y - minY }));
    for (const p of bends[id]!) {
      width = Math.max(width, p.x);
      height = Math.max(height, p.y);
    }
  }
  return { positions, bends, columnX, width, height, ms: performance.now() - t0, provisional: false };
}

/**
 * Positions for `input` before its layout is known: nodes of `prev` stay where they were; a
 * new node goes into its column next to the mean of its placed neighbours, pushed down past
 * whatever it would overlap. Edges keep their bends only if both ends stayed.
 */
export function placeProvisional(prev: LayoutResult | null, input: LayoutInput): LayoutResult {
  const positions: Record<string, Point> = {};
  const columnX: Record<number, number> = { ...(prev?.columnX ?? {}) };
  const byId = new Map(input.nodes.map((n) => [n.id, n]));
  const boxes = new Map<number, { y0: number; y1: number }[]>();
  const occupy = (column: number, y: number, h: number): void => {
    const l = boxes.get(column) ?? [];
    l.push({ y0: y, y1: y + h });
    boxes.set(column, l);
  };

  const fresh: typeof input.nodes[number][] = [];
  for (const n of input.nodes) {
    const p = prev?.positions[n.id];
    if (p) {
      positions[n.id] = p;
      occupy(n.column, p.y, n.height);
    } else {
      fresh.push(n);
    }
  }

  const near = new Map<string, string[]>();
  for (const e of input.edges) {
    near.set(e.source, [...(near.get(e.source) ?? []), e.target]);
    near.set(e.target, [...(near.get(e.target) ?? []), e.source]);
  }

  for (const n of fresh) {
    const x = columnX[n.column] ?? guessColumnX(columnX, n.column);
    columnX[n.column] = x;
    const placed = (near.get(n.id) ?? []).filter((id) => positions[id] !== undefined);
    const column = boxes.get(n.column) ?? [];
    let y: number;
    if (placed.length > 0) {
      const centre = placed.reduce((s, id) => s + positions[id]!.y + byId.get(id)!.height / 2, 0) / placed.length;
      y = centre - n.height / 2;
    } else {
      y = column.reduce((m, b) => Math.max(m, b.y1 + NODE_GAP), 0);
    }
    // Push down past overlaps, in order, until the slot is free.
    for (const b of [...column].sort((a, c) => a.y0 - c.y0)) {
      if (y < b.y1 + NODE_GAP && y + n.height + NODE_GAP > b.y0) y = b.y1 + NODE_GAP;
    }
    positions[n.id] = { x, y };
    occupy(n.column, y, n.height);
  }

  const bends: Record<string, Point[]> = {};
  for (const e of input.edges) {
    const b = prev?.bends[e.id];
    if (b && prev?.positions[e.source] && prev.positions[e.target]) bends[e.id] = [...b];
  }
  let width = 0;
  let height = 0;
  for (const n of input.nodes) {
    const p = positions[n.id]!;
    width = Math.max(width, p.x + n.width);
    height = Math.max(height, p.y + n.height);
  }
  return { positions, bends, columnX, width, height, ms: 0, provisional: true };
}

/** A column not drawn yet: one column step right of the nearest known one to its left. */
function guessColumnX(columnX: Readonly<Record<number, number>>, column: number): number {
  const step = CARD.width + COLUMN_GAP;
  const known = Object.keys(columnX).map(Number).sort((a, b) => a - b);
  const left = known.filter((c) => c < column).pop();
  if (left !== undefined) return columnX[left]! + (column - left) * step;
  const right = known.find((c) => c > column);
  if (right !== undefined) return columnX[right]! - (right - column) * step;
  return 0;
}
