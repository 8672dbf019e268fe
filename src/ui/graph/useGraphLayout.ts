// The layout to draw for a model: the cached or synchronous layout when there is one, else
// provisional positions (known nodes stay, new ones by their neighbours) while the worker
// computes the real one. Reports whether a layout is pending, for the idle signal.

import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { layoutInputOf, placeProvisional } from './layout';
import type { LayoutResult } from './layout';
import { LayoutEngine, Superseded, SYNC_MAX_NODES } from './layoutEngine';
import type { GraphModel } from './model';

export interface GraphLayoutState {
  readonly layout: LayoutResult;
  readonly pending: boolean;
  readonly error: string | null;
  /** performance.now() when this layout became available (for the render timing). */
  readonly readyAt: number;
}

export function useGraphLayout(model: GraphModel): GraphLayoutState {
  const [engine] = useState(() => new LayoutEngine());
  useEffect(() => () => engine.dispose(), [engine]);
  const [version, bump] = useReducer((x: number) => x + 1, 0);
  const [error, setError] = useState<string | null>(null);
  const shown = useRef<LayoutResult | null>(null);
  const arrived = useRef({ signature: '', at: 0 });
  const input = useMemo(() => layoutInputOf(model), [model]);

  const ready = useMemo(() => {
    void version; // a layout arrived: look in the cache again
    const r = engine.cached(model.signature) ?? (model.nodes.length <= SYNC_MAX_NODES ? engine.computeNow(model.signature, input) : null);
    // A timestamp for the timing readout only; the layout itself does not depend on it.
    if (r && arrived.current.signature !== model.signature) arrived.current = { signature: model.signature, at: performance.now() };
    return r;
  }, [engine, model, input, version]);

  // Built on what was shown last (itself maybe provisional), so quick steps never jump back.
  const layout = useMemo(() => ready ?? placeProvisional(shown.current, input), [ready, input]);

  useEffect(() => {
    shown.current = layout;
  }, [layout]);

  useEffect(() => {
    if (ready) return;
    let live = true;
    engine.request(model.signature, input).then(
      () => {
        if (live) {
          arrived.current = { signature: model.signature, at: performance.now() };
          setError(null);
          bump();
        }
      },
      (e: unknown) => {
        if (live && !(e instanceof Superseded)) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [engine, model.signature, input, ready]);

  return { layout, pending: ready === null && error === null, error, readyAt: arrived.current.at };
}
