// The explorer page: the top bar, then the workspace (shell/Workspace.tsx): the timeline, the
// graph and the address map, the inspector and page walk, the step controls.

import { useEffect, useState, useSyncExternalStore } from 'react';
import { isDrawing, subscribeDrawing } from './automation';
import { TopBar } from './components/TopBar';
import { HelpDialog } from './help/HelpDialog';
import { useHelpKey } from './help/useHelpKey';
import { EmbedApp } from './share/embed/EmbedApp';
import { isEmbedSearch } from './share/params';
import { ShareProvider, useShareStore } from './share/ShareContext';
import { ShareDialog } from './share/ShareDialog';
import { useAddressBarLink } from './share/useAddressBarLink';
import { useFileDrop } from './hooks/useFileDrop';
import { useLocationSource } from './hooks/useLocationSource';
import { usePlayback } from './shell/usePlayback';
import { useStepKeys } from './shell/useStepKeys';
import { Workspace } from './shell/Workspace';
import { useExplorer, useExplorerStore } from './StoreContext';
import { openScenarioFile } from './files/openFile';
import { SessionKeeper } from './files/SessionKeeper';
import { useTourKeys } from './tours/useTourKeys';
import { useTourLocation } from './tours/useTourLocation';

/** `?embed=1` is the read-only embed (share/embed/EmbedApp.tsx); otherwise the explorer. */
export function App() {
  const [embed] = useState(() => isEmbedSearch(window.location.search));
  return <ShareProvider>{embed ? <EmbedApp /> : <ExplorerApp />}</ShareProvider>;
}

function ExplorerApp() {
  const store = useExplorerStore();
  const share = useShareStore();
  const theme = useExplorer((s) => s.theme);
  const current = useExplorer((s) => s.current);
  const loading = useExplorer((s) => s.loading);
  const running = useExplorer((s) => s.run.kind === 'running');
  const seeking = useExplorer((s) => s.seeking);
  const workerBusy = useExplorer((s) => s.worker.kind === 'busy' || s.worker.kind === 'starting' || s.worker.kind === 'restarting');
  const drawing = useSyncExternalStore(subscribeDrawing, isDrawing);
  const dragging = useFileDrop((f) => void openScenarioFile(store, f));
  useLocationSource();
  useAddressBarLink();
  useHelpKey(store, share);
  useStepKeys(store);
  useTourLocation(store);
  useTourKeys(store);
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
      <ShareDialog />
      <HelpDialog />
      <SessionKeeper />
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <p>Drop a scenario file (JSON, or an SVG exported here) to open it</p>
        </div>
      )}
    </div>
  );
}
