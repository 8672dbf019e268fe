// The explorer page: the top bar, then the workspace (shell/Workspace.tsx): the timeline, the
// graph and the address map, the inspector and page walk, the step controls.

import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { TopBar } from './components/TopBar';
import { useHelpKey } from './help/useHelpKey';
import { isEmbedSearch } from './share/params';
import { ShareProvider, useShare, useShareStore } from './share/ShareContext';
import { useAddressBarLink } from './share/useAddressBarLink';
import { useBusyAttribute } from './hooks/useBusyAttribute';
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

// Chunks fetched when first needed, not with the page (bench/browser: startup_js_gzip_kb): the
// embed (only for ?embed=1) and the share and help dialogs (only once opened).
const EmbedApp = lazy(() => import('./share/embed/EmbedApp').then((m) => ({ default: m.EmbedApp })));
const ShareDialog = lazy(() => import('./share/ShareDialog').then((m) => ({ default: m.ShareDialog })));
const HelpDialog = lazy(() => import('./help/HelpDialog').then((m) => ({ default: m.HelpDialog })));

/** `?embed=1` is the read-only embed (share/embed/EmbedApp.tsx); otherwise the explorer. */
export function App() {
  const [embed] = useState(() => isEmbedSearch(window.location.search));
  return (
    <ShareProvider>
      {embed ? (
        <Suspense fallback={null}>
          <EmbedApp />
        </Suspense>
      ) : (
        <ExplorerApp />
      )}
    </ShareProvider>
  );
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
  const shareOpen = useShare((s) => s.shareOpen);
  const helpOpen = useShare((s) => s.helpOpen);
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
  // is the stricter one: it also waits for the snapshot of the cursor's step). The views'
  // drawing part is written to the element without re-rendering (hooks/useBusyAttribute.ts).
  const root = useRef<HTMLDivElement>(null);
  useBusyAttribute(root, loading !== null || running || seeking || workerBusy);
  return (
    <div ref={root} className="app" data-testid="app">
      <TopBar />
      <Workspace />
      <Suspense fallback={null}>
        {shareOpen && <ShareDialog />}
        {helpOpen && <HelpDialog />}
      </Suspense>
      <SessionKeeper />
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <p>Drop a scenario file (JSON, or an SVG exported here) to open it</p>
        </div>
      )}
    </div>
  );
}
