// Asks the worker for the walk of (space, iova) whenever either changes or the snapshot does
// (a new step changes the tables). Answers that arrive after a newer request are dropped, so
// a slow answer never overwrites a newer one; the previous walk stays on screen, dimmed,
// until the new one arrives (no flicker while stepping).
//
// While a walk is being fetched the view is marked busy in the drawing registry
// (ui/automation.ts), so `window.iovaAtlas.whenIdle()` waits for the walk to be on screen.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PageWalkResult, Snapshot } from '../../core/view/types';
import { markBusy, markIdle } from '../automation';

export type WalkState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly previous: PageWalkResult | null }
  | { readonly kind: 'done'; readonly result: PageWalkResult }
  | { readonly kind: 'error'; readonly message: string };

type WalkFn = (space: string, iova: bigint) => Promise<PageWalkResult>;

const BUSY_KEY = 'pagetable';

export function useWalk(walk: WalkFn, snapshot: Snapshot, space: string | null, iova: bigint | null): WalkState {
  const [state, setState] = useState<WalkState>({ kind: 'idle' });
  // The caller may pass a new function on every render; only the latest one is used.
  const fn = useRef(walk);
  fn.current = walk;
  const seq = useRef(0);

  // Layout effect: busy is marked before the browser paints the frame with the new input.
  useLayoutEffect(() => {
    const id = ++seq.current;
    if (space === null || iova === null) {
      setState({ kind: 'idle' });
      return;
    }
    markBusy(BUSY_KEY);
    setState((s) => ({ kind: 'loading', previous: s.kind === 'done' ? s.result : s.kind === 'loading' ? s.previous : null }));
    fn.current(space, iova).then(
      (result) => {
        if (id === seq.current) setState({ kind: 'done', result });
      },
      (e: unknown) => {
        if (id === seq.current) setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
  }, [snapshot, space, iova]);

  // Idle once the answer (or the error, or nothing to walk) has been rendered.
  useEffect(() => {
    if (state.kind !== 'loading') markIdle(BUSY_KEY);
  }, [state]);
  useEffect(() => () => markIdle(BUSY_KEY), []);

  return state;
}
