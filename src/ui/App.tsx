// The explorer page: the top bar, then the workspace (shell/Workspace.tsx): the timeline, the
// graph and the address map, the inspector and page walk, the step controls.

import { useEffect, useSyncExternalStore } from 'react';
import { isDrawing, subscribeDrawing } from './automation';
import { TopBar } from './components/TopBar';
import { useFileDrop } from './hooks/useFileDrop';
import { useLocationSource } from './hooks/useLocationSource';
import { usePlayback } from './shell/usePlayback';
import { useStepKeys } from './shell/useStepKeys';
import { Workspace } from './shell/Workspace';
import { useExplorer, useExplorerStore } from './StoreContext';

export function App() {
  const store = useExplorerStore();
  const theme = useExplorer((s) => s.theme);
  const current = useExplorer((s) => s.current);
  const loading = useExplorer((s) => s.loading);
  const running = useExplorer((s) => s.run.kind === 'running');
  const seeking = useExplorer((s) => s.seeking);
  const workerBusy = useExplorer((s) => s.worker.kind === 'busy' || s.worker.kind === 'starting' || s.worker.kind === 'restarting');
  const drawing = useSyncExternalStore(subscribeDrawing, isDrawing);
  const dragging = useFileDrop((f) => void store.getState().openFile(f));
  useLocationSource();
  useStepKeys(store);
  usePlayback(store);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    document.title = current?.view.title ? `${current.view.title} · iova-atlas` : 'iova-atlas';
  }, [current]);

  // `data-busy` is the idle signal tests and screenshots wait for (window.iovaAtlas.whenIdle()
  // is the stricter one: it also waits for the snapshot of the cursor's step).
  const busy = loading !== null || running || seeking || workerBusy || drawing;
  return (
    <div className="app" data-testid="app" data-busy={busy ? 'true' : 'false'}>
      <TopBar />
      <Workspace />
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <p>Drop a scenario file to open it</p>
        </div>
      )}
    </div>
  );
}
