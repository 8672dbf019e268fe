// The topology graph: devices, groups, containers, iommufd objects, domains and windows, laid
// out left to right by dagre (off the main thread when large, cached by structure so a seek
// that changes nothing structural moves nothing). The current step's additions and changes
// are ringed, its removals stay as faded ghosts; a click (or Enter on a focused card) selects.

import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { NodeChange, NodeTypes, EdgeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { Theme } from '../../state/theme';
import { NODE_STYLE } from '../palette';
import { GraphMemory } from './memory';
import { buildGraphModel } from './model';
import type { GraphNodeData } from './model';
import { TopoEdgePath } from './TopoEdgePath';
import type { TopoFlowEdge } from './TopoEdgePath';
import { TopoNodeCard } from './TopoNodeCard';
import type { TopoFlowNode } from './TopoNodeCard';
import { useGraphLayout } from './useGraphLayout';
import { initialViewport, sameMachine } from './viewport';
import './graph.css';

export interface TopologyGraphProps {
  readonly snapshot: Snapshot;
  readonly selection: Selection;
  readonly onSelect: (sel: Selection) => void;
  readonly theme: Theme;
}

// Outside the component: React Flow re-creates every node when these objects change.
const NODE_TYPES: NodeTypes = { topo: TopoNodeCard };
const EDGE_TYPES: EdgeTypes = { topo: TopoEdgePath };
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
  const { layout, pending, error } = useGraphLayout(model);
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
        zIndex: n.data.status === 'removed' ? 0 : 1,
      };
    });
    dataCache.current = next;
    return out;
  }, [model, layout, selectedId, relatedId]);

  const edges = useMemo<TopoFlowEdge[]>(
    () =>
      model.edges.map((e) => ({
        id: e.id,
        type: 'topo',
        source: e.source,
        target: e.target,
        selectable: false,
        focusable: false,
        data: {
          kind: e.kind,
          label: e.label,
          bends: layout.bends[e.id],
          removed: e.removed,
          lit: selectedId !== null && (e.source === selectedId || e.target === selectedId),
        },
      })),
    [model, layout, selectedId],
  );

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
  useCamera(rf, box, model, layout, pending || !flowReady, selectedId);
  useLayoutTiming(box, layout, pending);

  return (
    <div
      ref={box}
      className="topo-graph"
      data-testid="topology-graph"
      data-layout={pending ? 'pending' : 'ready'}
      data-nodes={model.nodes.length}
      aria-label="Topology graph"
      role="region"
    >
      <ReactFlow<TopoFlowNode, TopoFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onInit={onInit}
        colorMode={theme}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable
        selectNodesOnDrag={false}
        deleteKeyCode={null}
        multiSelectionKeyCode={null}
        selectionKeyCode={null}
        minZoom={0.05}
        maxZoom={2.5}
        onlyRenderVisibleElements={model.nodes.length > 400}
        ariaLabelConfig={ARIA}
        attributionPosition="top-right"
        defaultViewport={{ x: 24, y: 24, zoom: 1 }}
      >
        <Background variant={BackgroundVariant.Dots} gap={24} size={1} className="topo-bg" />
        <Controls showInteractive={false} position="bottom-left" />
        {model.nodes.length >= MINIMAP_MIN_NODES && (
          <MiniMap
            pannable
            zoomable
            position="bottom-right"
            nodeColor={(n) => `var(${NODE_STYLE[(n.data as GraphNodeData).kind].color})`}
            nodeStrokeWidth={0}
            className="topo-minimap"
            style={{ width: 168, height: 112 }}
            ariaLabel="Overview of the topology graph"
          />
        )}
      </ReactFlow>
      {model.nodes.length === 0 && <p className="topo-empty muted small">No objects at this step.</p>}
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

const reducedMotion = (): boolean => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * The camera: placed once per machine (a new scenario) when its real layout is known, and
 * moved to a node selected elsewhere (the inspector, the map) if it is off screen. Otherwise
 * it stays where the user put it: stepping never moves it.
 */
function useCamera(
  rf: ReturnType<typeof useReactFlow<TopoFlowNode, TopoFlowEdge>>,
  box: React.RefObject<HTMLDivElement | null>,
  model: ReturnType<typeof buildGraphModel>,
  layout: ReturnType<typeof useGraphLayout>['layout'],
  pending: boolean,
  selectedId: string | null,
): void {
  const placedFor = useRef<Set<string>>(new Set());
  const needPlace = useRef(true);
  useLayoutEffect(() => {
    const ids = new Set(model.nodes.map((n) => n.id));
    if (!sameMachine(placedFor.current, ids)) needPlace.current = true;
    if (!needPlace.current || pending || ids.size === 0 || !box.current) return;
    needPlace.current = false;
    placedFor.current = ids;
    rf.setViewport(initialViewport(layout, { width: box.current.clientWidth, height: box.current.clientHeight }));
  }, [rf, box, model, layout, pending]);
  useEffect(() => {
    // Remember the ids seen, so that a later step of the same machine keeps the camera.
    if (!needPlace.current) placedFor.current = new Set(model.nodes.map((n) => n.id));
  }, [model]);

  useEffect(() => {
    if (!selectedId || !box.current) return;
    const p = layout.positions[selectedId];
    const n = model.nodes.find((x) => x.id === selectedId);
    if (!p || !n) return;
    const { x, y, zoom } = rf.getViewport();
    const w = box.current.clientWidth;
    const h = box.current.clientHeight;
    const sx = p.x * zoom + x;
    const sy = p.y * zoom + y;
    const visible = sx + n.width * zoom > 0 && sx < w && sy + n.height * zoom > 0 && sy < h;
    if (!visible) void rf.setCenter(p.x + n.width / 2, p.y + n.height / 2, { zoom, duration: reducedMotion() ? 0 : 200 });
    // Only when the selection changes, not when the layout does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);
}

/**
 * Layout and first-render timing, on the element for tests and benches: data-layout-ms is
 * dagre's time, data-render-ms the time from the layout to the frame after it was drawn.
 */
function useLayoutTiming(box: React.RefObject<HTMLDivElement | null>, layout: ReturnType<typeof useGraphLayout>['layout'], pending: boolean): void {
  useEffect(() => {
    if (pending || !box.current) return;
    const el = box.current;
    const t0 = performance.now();
    // TODO(shell): markBusy('graph') / markIdle('graph') from src/ui/automation.ts around the
    // layout and its first render, once that module exists (whenIdle()).
    const raf = requestAnimationFrame(() => {
      el.dataset.layoutMs = layout.ms.toFixed(1);
      el.dataset.renderMs = (performance.now() - t0).toFixed(1);
    });
    return () => cancelAnimationFrame(raf);
  }, [box, layout, pending]);
}
