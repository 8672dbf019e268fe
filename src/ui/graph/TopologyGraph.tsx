// The topology graph: devices, groups, containers, iommufd objects, domains and windows, laid
// out left to right by dagre (off the main thread when large, cached by structure so a seek
// that changes nothing structural moves nothing). The current step's additions and changes
// are ringed, its removals stay as faded ghosts; a click (or Enter on a focused card) selects.

import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, useStore, ViewportPortal } from '@xyflow/react';
import type { Edge, NodeChange, NodeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { EdgeKind, Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { Theme } from '../../state/theme';
import { markBusy, markIdle } from '../automation';
import { EDGE_STYLE, NODE_STYLE } from '../palette';
import { GraphMemory } from './memory';
import type { LayoutResult } from './layout';
import { buildGraphModel } from './model';
import type { GraphNodeData } from './model';
import { EdgeLayer } from './EdgeLayer';
import { TopoNodeCard } from './TopoNodeCard';
import type { TopoFlowNode } from './TopoNodeCard';
import { useGraphLayout } from './useGraphLayout';
import { useCamera } from './useCamera';
import './graph.css';

export interface TopologyGraphProps {
  readonly snapshot: Snapshot;
  readonly selection: Selection;
  readonly onSelect: (sel: Selection) => void;
  readonly theme: Theme;
}

// Outside the component: React Flow re-creates every node when these objects change.
const NODE_TYPES: NodeTypes = { topo: TopoNodeCard };
/** React Flow draws no edges: EdgeLayer draws them all in one SVG from the layout. */
const NO_EDGES: Edge[] = [];
type TopoFlowEdge = Edge;
/** Below this zoom the cards switch to their far look (kind and label, larger). */
const FAR_ZOOM = 0.8;

/** The graph's key in the drawing registry (automation.ts). */
const BUSY_KEY = 'graph';

/**
 * Past this many objects only what is on screen is rendered: the first frame of a 300-object
 * machine draws a few dozen cards instead of all of them (React Flow's own advice).
 */
const VISIBLE_ONLY_MIN_NODES = 120;

/** A handful of cards needs no overview; the minimap would only cover some of them. */
const MINIMAP_MIN_NODES = 24;
const ARIA = {
  'node.a11yDescription.default': 'Press Enter or Space to inspect this object, Escape to clear the selection.',
  'node.a11yDescription.keyboardDisabled': 'Press Enter or Space to inspect this object, Escape to clear the selection.',
  'controls.fitView.ariaLabel': 'Fit the whole graph',
  'minimap.ariaLabel': 'Overview of the topology graph',
};

export function TopologyGraph(props: TopologyGraphProps) {
  return (
    <ReactFlowProvider>
      <GraphView {...props} />
    </ReactFlowProvider>
  );
}

function GraphView({ snapshot, selection, onSelect, theme }: TopologyGraphProps) {
  const [memory] = useMemoOnce(() => new GraphMemory());
  const model = useMemo(() => {
    memory.advance(snapshot);
    return buildGraphModel(snapshot, memory);
  }, [memory, snapshot]);
  const { layout, pending, error, readyAt } = useGraphLayout(model);
  const rf = useReactFlow<TopoFlowNode, TopoFlowEdge>();
  const box = useRef<HTMLDivElement>(null);

  const selectedId = selection.kind === 'node' ? selection.id : null;
  // A selected range or address lights the node that owns its space.
  const relatedId = useMemo(() => {
    if (selection.kind !== 'range' && selection.kind !== 'address') return null;
    return snapshot.spaces.find((s) => s.id === selection.space)?.node ?? null;
  }, [selection, snapshot]);

  // Card data keeps its identity while equal, so memoized cards skip re-rendering on a seek.
  const dataCache = useRef(new Map<string, GraphNodeData>());
  const nodes = useMemo<TopoFlowNode[]>(() => {
    const prev = dataCache.current;
    const next = new Map<string, GraphNodeData>();
    const out = model.nodes.map((n): TopoFlowNode => {
      const old = prev.get(n.id);
      const data = old && sameData(old, n.data) ? old : n.data;
      next.set(n.id, data);
      const pos = layout.positions[n.id] ?? { x: 0, y: 0 };
      return {
        id: n.id,
        type: 'topo',
        position: pos,
        data,
        width: n.width,
        height: n.height,
        selected: n.id === selectedId,
        draggable: false,
        connectable: false,
        ariaLabel: `${n.data.known ? NODE_STYLE[n.data.kind].label + ' ' : ''}${n.data.label}${n.data.status === 'same' ? '' : `, ${n.data.status}`}`,
        className: n.id === relatedId ? 'topo-related' : undefined,
        // Above the edge layer (z-index 0); a ghost under the live cards it may overlap.
        zIndex: n.data.status === 'removed' ? 1 : 2,
      };
    });
    dataCache.current = next;
    return out;
  }, [model, layout, selectedId, relatedId]);

  // What the hub rule hides right now, said in words (not silently dropped).
  const hidden = useMemo(() => {
    const m = new Map<string, number>();
    for (const e of model.edges) {
      if (!e.hub || e.source === selectedId || e.target === selectedId) continue;
      m.set(e.kind, (m.get(e.kind) ?? 0) + 1);
    }
    return [...m].map(([k, n]) => `${n} ${EDGE_STYLE[k as EdgeKind].label}`).join(', ');
  }, [model, selectedId]);

  const onNodesChange = useCallback(
    (changes: NodeChange<TopoFlowNode>[]) => {
      // React Flow reports clicks and Enter/Space/Escape on a focused card as select changes;
      // the selection itself is the app's (shared with the map and the inspector).
      const picked = changes.find((c) => c.type === 'select' && c.selected);
      if (picked && picked.type === 'select') {
        if (picked.id !== selectedId) onSelect({ kind: 'node', id: picked.id });
        return;
      }
      if (selectedId && changes.some((c) => c.type === 'select' && !c.selected && c.id === selectedId)) onSelect({ kind: 'none' });
    },
    [onSelect, selectedId],
  );

  // The camera can move only once React Flow's pan/zoom exists.
  const [flowReady, setFlowReady] = useState(false);
  const onInit = useCallback(() => setFlowReady(true), []);
  const { onMove } = useCamera(rf, box, model, layout, pending || !flowReady, selectedId, relatedId);
  useLayoutTiming(box, layout, pending, readyAt);

  // Level of detail: zoomed out, a card shows its kind and label only, in larger type.
  const far = useStore((st) => st.transform[2] < FAR_ZOOM);

  return (
    <div
      ref={box}
      className={`topo-graph${far ? ' topo-far' : ''}`}
      data-testid="topology-graph"
      data-layout={pending ? 'pending' : 'ready'}
      data-nodes={model.nodes.length}
      aria-label="Topology graph"
      role="region"
    >
      <ReactFlow<TopoFlowNode, TopoFlowEdge>
        nodes={nodes}
        edges={NO_EDGES}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onInit={onInit}
        onMove={onMove}
        colorMode={theme}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        selectNodesOnDrag={false}
        deleteKeyCode={null}
        multiSelectionKeyCode={null}
        selectionKeyCode={null}
        minZoom={0.05}
        maxZoom={2.5}
        onlyRenderVisibleElements={model.nodes.length > VISIBLE_ONLY_MIN_NODES}
        ariaLabelConfig={ARIA}
        attributionPosition="top-right"
        defaultViewport={{ x: 24, y: 24, zoom: 1 }}
      >
        <Background variant={BackgroundVariant.Dots} gap={24} size={1} className="topo-bg" />
        <ViewportPortal>
          <EdgeLayer model={model} layout={layout} selectedId={selectedId} />
        </ViewportPortal>
        <Controls showInteractive={false} position="bottom-left" />
        {model.nodes.length >= MINIMAP_MIN_NODES && (
          <MiniMap
            pannable
            zoomable
            position="bottom-right"
            nodeColor={(n) => `var(${NODE_STYLE[(n.data as GraphNodeData).kind].color})`}
            nodeStrokeWidth={0}
            className="topo-minimap"
            bgColor="var(--panel)"
            maskColor="color-mix(in srgb, var(--bg) 55%, transparent)"
            style={{ width: 168, height: 112 }}
            ariaLabel="Overview of the topology graph"
          />
        )}
      </ReactFlow>
      {model.nodes.length === 0 && <p className="topo-empty muted small">No objects at this step.</p>}
      {hidden && (
        <p className="topo-hidden small muted" data-testid="graph-hidden-edges" title="Objects with many relations of one kind (an iommufd bound to every device) have them drawn only while selected.">
          Not drawn: {hidden} relations of busy objects · select one to see its own
        </p>
      )}
      {error && (
        <p className="topo-error small" role="alert">
          The layout failed: {error}
        </p>
      )}
    </div>
  );
}

function useMemoOnce<T>(make: () => T): [T] {
  const ref = useRef<T | null>(null);
  if (ref.current === null) ref.current = make();
  return [ref.current];
}

function sameData(a: GraphNodeData, b: GraphNodeData): boolean {
  return (
    a.kind === b.kind &&
    a.label === b.label &&
    a.detail === b.detail &&
    a.status === b.status &&
    a.known === b.known &&
    a.badges.join('\u0000') === b.badges.join('\u0000') &&
    a.handles.join('\u0000') === b.handles.join('\u0000')
  );
}

/**
 * The idle signal and the timing: the graph is busy (automation.ts, whenIdle()) from the moment
 * a new layout or model arrives until the frame after it was drawn, and all along while the
 * worker computes a layout. On the element, for tests and benches: data-layout-ms is dagre's
 * time, data-render-ms the time from that layout's arrival (React render, commit, paint) to the
 * next frame.
 */
function useLayoutTiming(box: React.RefObject<HTMLDivElement | null>, layout: LayoutResult, pending: boolean, readyAt: number): void {
  useLayoutEffect(() => {
    markBusy(BUSY_KEY);
    if (pending) return () => markIdle(BUSY_KEY);
    const el = box.current;
    const raf = requestAnimationFrame(() => {
      if (el) {
        el.dataset.layoutMs = layout.ms.toFixed(1);
        el.dataset.renderMs = (performance.now() - readyAt).toFixed(1);
      }
      markIdle(BUSY_KEY);
    });
    return () => {
      cancelAnimationFrame(raf);
      markIdle(BUSY_KEY);
    };
  }, [box, layout, pending, readyAt]);
}
