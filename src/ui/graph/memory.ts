// What the graph remembers of earlier snapshots: the last known node of every id, and the
// edges of the snapshot shown before the current one, so that a node the current step removed
// can be drawn as a ghost with its real label and edges. When the user seeked straight to a
// step, nothing may be remembered of a removed node; its ghost then shows only its id.
//
// `advance` is idempotent for the same step (React may compute a memo twice, the shell may
// send the same step again): what "before" means only moves when the step does.

import type { Snapshot, TopoEdge, TopoNode } from '../../core/view/types';

/** Plenty for any scenario; past it the memory starts over rather than grow without bound. */
const MAX_IDS = 20_000;

export class GraphMemory {
  private readonly nodes = new Map<string, TopoNode>();
  private current: Snapshot | null = null;
  private previousEdges: readonly TopoEdge[] = [];

  /** Makes `s` the current snapshot; what was current becomes what is remembered. */
  advance(s: Snapshot): void {
    const cur = this.current;
    if (cur && cur.step !== s.step) {
      if (this.nodes.size + cur.nodes.length > MAX_IDS) this.nodes.clear();
      for (const n of cur.nodes) this.nodes.set(n.id, n);
      this.previousEdges = cur.edges;
    }
    this.current = s;
  }

  /** The last known node of this id in a snapshot before the current one. */
  node(id: string): TopoNode | undefined {
    return this.nodes.get(id);
  }

  /** Edges of the snapshot shown before the current one with an end in `ids`. */
  edgesOf(ids: readonly string[]): TopoEdge[] {
    if (ids.length === 0) return [];
    const want = new Set(ids);
    return this.previousEdges.filter((e) => want.has(e.source) || want.has(e.target));
  }
}
