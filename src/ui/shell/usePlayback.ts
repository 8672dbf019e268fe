// Playback: while playing, step forward once the current step's snapshot is shown, at `speed`
// steps per second, and stop at the last step. Driven by the snapshot arriving (not a free
// timer), so a slow seek slows playback instead of piling up seeks.

import { useEffect } from 'react';
import type { ExplorerStore } from '../../state/store';
import { useExplorer } from '../StoreContext';

export function usePlayback(store: ExplorerStore): void {
  const playing = useExplorer((s) => s.playing);
  const speed = useExplorer((s) => s.speed);
  const shown = useExplorer((s) => s.snapshot?.step ?? null);
  const cursor = useExplorer((s) => s.cursor);
  const last = useExplorer((s) => (s.run.kind === 'done' ? s.run.run.results.length - 1 : -1));

  useEffect(() => {
    if (!playing || shown !== cursor) return;
    if (cursor >= last) {
      store.getState().setPlaying(false);
      return;
    }
    const t = setTimeout(() => void store.getState().stepBy(1), 1000 / speed);
    return () => clearTimeout(t);
  }, [store, playing, speed, shown, cursor, last]);
}
