// Autosave in the page: restores the last session on load (restore.ts), then saves the session
// as the user works (state/autosave.ts), and says so: "Restored your last session" with a way
// back to a fresh page, and a one-time notice when the browser will not store anything.
// Embeds (?embed=1) neither restore nor save: they show what their page asked for.

import { useEffect, useRef, useState } from 'react';
import type { SavedMapView } from '../../state/autosave';
import { Autosaver, autosaveStore } from '../../state/autosave';
import type { ExplorerStore } from '../../state/store';
import { useExplorer, useExplorerStore } from '../StoreContext';
import { mapOnScreen } from './mapOnScreen';
import type { RestoreOutcome } from './restore';
import { isEmbedSearch } from '../share/params';
import { restoreOnce } from './restore';
import './files.css';

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Reading the property throws where storage is disabled (sandboxed frames, some settings).
    return null;
  }
}

/** The map's window as last seen on screen (kept while the map is hidden; reset per scenario). */
function mapWindowTracker(store: ExplorerStore): () => SavedMapView | null {
  let last: SavedMapView | null = null;
  let text: string | null = null;
  return () => {
    const cur = store.getState().current?.text ?? null;
    if (cur !== text) {
      text = cur;
      last = null;
    }
    const w = mapOnScreen();
    if (w) last = w.autoFit ? null : { start: w.vp.start, span: w.vp.span };
    return last;
  };
}

export function SessionKeeper() {
  const store = useExplorerStore();
  const [restored, setRestored] = useState<Extract<RestoreOutcome, { kind: 'restored' }> | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const saver = useRef<Autosaver | null>(null);
  const currentText = useExplorer((s) => s.current?.text ?? null);

  useEffect(() => {
    if (isEmbedSearch(window.location.search)) return;
    const storage = localStorageOrNull();
    const s = new Autosaver(storage, { onError: (f) => setFailure(f.message) });
    saver.current = s;
    let live = true;
    let stop: (() => void) | null = null;
    void restoreOnce(store, storage).then((r) => {
      if (!live) return;
      if (r.kind === 'restored') setRestored(r);
      // Saving starts after the restore, so the half-opened session never overwrites the saved one.
      stop = autosaveStore(store, s, { mapView: mapWindowTracker(store) });
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [store]);

  // Once another scenario is open, "restored" no longer describes the page.
  const showRestored = restored !== null && currentText === restored.text;

  const startFresh = (): void => {
    saver.current?.clear();
    store.getState().closeScenario();
    // The address too: its ?src= or its link (the address bar keeps the last one when nothing
    // is shown) would bring the session back on the next reload.
    const url = new URL(window.location.href);
    url.searchParams.delete('src');
    url.hash = '';
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
    setRestored(null);
  };

  if (!showRestored && !failure) return null;
  return (
    <div className="files-toasts">
      {showRestored && (
        <div className="files-toast" role="status" data-testid="session-restored">
          <span>
            Restored your last session: <strong>{restored.title}</strong>, {restored.step < 0 ? 'before the first step' : `step ${restored.step}`}.
          </span>
          <span className="files-toast-actions">
            <button type="button" className="btn btn-small" data-testid="session-start-fresh" onClick={startFresh} title="Close it and forget the saved session">
              Start fresh
            </button>
            <button type="button" className="btn btn-small btn-quiet" data-testid="session-restored-dismiss" onClick={() => setRestored(null)}>
              Dismiss
            </button>
          </span>
        </div>
      )}
      {failure && (
        <div className="files-toast files-toast-warn" role="status" data-testid="autosave-failed">
          <span>
            <strong>Autosave is off:</strong> {failure}. Everything else works; use Download to keep the scenario.
          </span>
          <span className="files-toast-actions">
            <button type="button" className="btn btn-small btn-quiet" data-testid="autosave-failed-dismiss" onClick={() => setFailure(null)}>
              Dismiss
            </button>
          </span>
        </div>
      )}
    </div>
  );
}
