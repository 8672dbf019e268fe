// The graph's camera. Placed once per machine (a new scenario) when its real layout is known,
// with the step's additions (else its changes) in sight; placed again when the pane changes
// size (view switch, window) until the user pans or zooms (then a resize keeps the middle of
// the pane where it was); panned, never zoomed, when a
// step's additions and changes are all off screen, or when a node selected elsewhere (the
// inspector, the map) is. Otherwise it stays where the user put it: stepping does not move it.

import type { ReactFlowInstance } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { LayoutResult } from './layout';
import type { GraphModel } from './model';
import type { TopoFlowNode } from './TopoNodeCard';
import { boundsOf, centreOn, initialViewport, revealTarget, sameMachine } from './viewport';
import type { Box, Viewport } from './viewport';

type Flow = ReactFlowInstance<TopoFlowNode>;
type Size = { width: number; height: number };

const reducedMotion = (): boolean => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
const glide = (): { duration: number } => ({ duration: reducedMotion() ? 0 : 200 });

/** The boxes a step wants seen: what it added, else what it changed. */
function focusBoxes(model: GraphModel, layout: LayoutResult): { x: number; y: number; w: number; h: number }[] {
  const added = model.nodes.filter((n) => n.data.status === 'added');
  const focus = added.length > 0 ? added : model.nodes.filter((n) => n.data.status === 'changed');
  return boxesOf(focus, layout);
}

function boxesOf(nodes: readonly GraphModel['nodes'][number][], layout: LayoutResult): { x: number; y: number; w: number; h: number }[] {
  return nodes.flatMap((n) => {
    const p = layout.positions[n.id];
    return p ? [{ x: p.x, y: p.y, w: n.width, h: n.height }] : [];
  });
}

/**
 * Where a new camera looks when the graph is too big to read whole: the step's focus, else the
 * selected object (or the owner of the selected range or address).
 */
function placementFocus(model: GraphModel, layout: LayoutResult, picked: readonly (string | null)[]): Box | null {
  const step = boundsOf(focusBoxes(model, layout));
  if (step) return step;
  const ids = new Set(picked.filter((id): id is string => id !== null));
  return boundsOf(boxesOf(model.nodes.filter((n) => ids.has(n.id)), layout));
}

/** `base`, moved (same zoom) onto the step's focus if none of it is in sight. */
function framed(model: GraphModel, layout: LayoutResult, base: Viewport, view: Size): Viewport {
  const target = revealTarget(focusBoxes(model, layout), base, view);
  return target ? centreOn(target, base.zoom, view) : base;
}

export function useCamera(
  rf: Flow,
  box: React.RefObject<HTMLDivElement | null>,
  model: GraphModel,
  layout: LayoutResult,
  pending: boolean,
  selectedId: string | null,
  relatedId: string | null = null,
): { readonly onMove: (event: MouseEvent | TouchEvent | null) => void } {
  const touched = useRef(false);
  const placedFor = useRef<Set<string>>(new Set());
  const placed = useRef(false);
  const seen = useRef<GraphModel | null>(null);
  const latest = useRef({ model, layout, picked: [selectedId, relatedId] as const });
  latest.current = { model, layout, picked: [selectedId, relatedId] };

  useLayoutEffect(() => {
    if (pending || !box.current) return;
    const view = { width: box.current.clientWidth, height: box.current.clientHeight };
    const ids = new Set(model.nodes.map((n) => n.id));
    if (!placed.current || !sameMachine(placedFor.current, ids)) {
      if (ids.size === 0) return;
      placed.current = true;
      touched.current = false;
      placedFor.current = ids;
      seen.current = model;
      void rf.setViewport(framed(model, layout, initialViewport(layout, view, placementFocus(model, layout, [selectedId, relatedId])), view));
      return;
    }
    placedFor.current = ids;
    if (seen.current === model) return;
    seen.current = model;
    const now = rf.getViewport();
    const next = framed(model, layout, now, view);
    if (next !== now) void rf.setViewport(next, glide());
  }, [rf, box, model, layout, pending]);

  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let last = { width: el.clientWidth, height: el.clientHeight };
    const ro = new ResizeObserver(() => {
      const now = { width: el.clientWidth, height: el.clientHeight };
      const before = last;
      if (now.width === before.width && now.height === before.height) return;
      last = now;
      if (!placed.current || pending || now.width === 0 || now.height === 0) return;
      if (touched.current) {
        // The user's camera: keep what was in the middle of the pane in the middle.
        const vp = rf.getViewport();
        void rf.setViewport({ x: vp.x + (now.width - before.width) / 2, y: vp.y + (now.height - before.height) / 2, zoom: vp.zoom });
        return;
      }
      const { model: m, layout: l, picked } = latest.current;
      void rf.setViewport(framed(m, l, initialViewport(l, now, placementFocus(m, l, picked)), now));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [rf, box, pending]);

  useEffect(() => {
    if (!selectedId || !box.current) return;
    const { model: m, layout: l } = latest.current;
    const p = l.positions[selectedId];
    const n = m.nodes.find((x) => x.id === selectedId);
    if (!p || !n) return;
    const view = { width: box.current.clientWidth, height: box.current.clientHeight };
    const vp = rf.getViewport();
    const target = revealTarget([{ ...p, w: n.width, h: n.height }], vp, view);
    if (target) void rf.setViewport(centreOn(target, vp.zoom, view), glide());
  }, [rf, box, selectedId]);

  // React Flow reports each move with the event that caused it; programmatic moves have none
  // (and a click that does not move is no move at all).
  const onMove = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) touched.current = true;
  }, []);
  return { onMove };
}
