// Asks the worker for the walk of (space, iova) whenever either changes or the snapshot does
// (a new step changes the tables). Answers that arrive after a newer request are dropped, so
// a slow answer never overwrites a newer one; the previous walk stays on screen, dimmed,
// until the new one arrives (no flicker while stepping).

import { useEffect, useRef, useState } from 'react';
import type { PageWalkResult, Snapshot } from '../../core/view/types';

export type WalkState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly previous: PageWalkResult | null }
  | { readonly kind: 'done'; readonly result: PageWalkResult }
  | { readonly kind: 'error'; readonly message: string };

type WalkFn = (space: string, iova: bigint) => Promise<PageWalkResult>;

export function useWalk(walk: WalkFn, snapshot: Snapshot, space: string | null, iova: bigint | null): WalkState {
  const [state, setState] = useState<WalkState>({ kind: 'idle' });
  // The caller may pass a new function on every render; only the latest one is used.
  const fn = useRef(walk);
  fn.current = walk;
  const seq = useRef(0);

  useEffect(() => {
    const id = ++seq.current;
    if (space === null || iova === null) {
      setState({ kind: 'idle' });
      return;
    }
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

  return state;
}
