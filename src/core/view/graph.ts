// A small accumulator for topology nodes and edges, shared by the per-family builders, so
// edge ids come out the same everywhere and handles can be attached after the fact.

import type { AttrValue, EdgeKind, NodeKind, TopoEdge, TopoNode } from './types';

export interface NodeInput {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly detail?: string;
  readonly badges?: readonly string[];
  readonly attrs: Record<string, AttrValue>;
  readonly spaces?: readonly string[];
}

export class GraphBuilder {
  private readonly nodes = new Map<string, NodeInput>();
  private readonly handles = new Map<string, string[]>();
  private readonly edges = new Map<string, TopoEdge>();

  node(n: NodeInput): void {
    this.nodes.set(n.id, n);
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** Edge ids are "kind:source->target": unique because no two edges of a kind join the same pair. */
  edge(kind: EdgeKind, source: string, target: string, label?: string): void {
    if (!this.nodes.has(source) || !this.nodes.has(target)) return;
    const id = `${kind}:${source}->${target}`;
    this.edges.set(id, label === undefined ? { id, source, target, kind } : { id, source, target, kind, label });
  }

  handle(node: string, name: string): void {
    if (!this.nodes.has(node)) return;
    const list = this.handles.get(node);
    if (!list) this.handles.set(node, [name]);
    else if (!list.includes(name)) list.push(name);
  }

  build(): { nodes: TopoNode[]; edges: TopoEdge[] } {
    const nodes: TopoNode[] = [];
    for (const n of this.nodes.values()) {
      const h = this.handles.get(n.id);
      const out: TopoNode = {
        id: n.id, kind: n.kind, label: n.label, attrs: n.attrs,
        ...(n.detail !== undefined ? { detail: n.detail } : {}),
        ...(n.badges && n.badges.length ? { badges: n.badges } : {}),
        ...(n.spaces && n.spaces.length ? { spaces: n.spaces } : {}),
        ...(h ? { handles: h } : {}),
      };
      nodes.push(out);
    }
    return { nodes, edges: [...this.edges.values()] };
  }
}
