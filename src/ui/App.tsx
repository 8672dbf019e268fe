// The explorer page: top bar, examples on the side, the loaded scenario and its steps.
// Later views (graph, address map, page walk, timeline) join the main area.

import { useEffect } from 'react';
import { ExampleList } from './components/ExampleList';
import { LoadProblemPanel, WorkerNotices } from './components/Notices';
import { ScenarioPanel } from './components/ScenarioPanel';
import { TopBar } from './components/TopBar';
import { Welcome } from './components/Welcome';
import { useFileDrop } from './hooks/useFileDrop';
import { useLocationSource } from './hooks/useLocationSource';
import { useExplorer, useExplorerStore } from './StoreContext';

export function App() {
  const store = useExplorerStore();
  const theme = useExplorer((s) => s.theme);
  const current = useExplorer((s) => s.current);
  const loading = useExplorer((s) => s.loading);
  const running = useExplorer((s) => s.run.kind === 'running');
  const workerBusy = useExplorer((s) => s.worker.kind === 'busy' || s.worker.kind === 'starting' || s.worker.kind === 'restarting');
  const dragging = useFileDrop((f) => void store.getState().openFile(f));
  useLocationSource();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    document.title = current?.view.title ? `${current.view.title} · iova-atlas` : 'iova-atlas';
  }, [current]);

  // `data-busy` is the idle signal tests and screenshots wait for.
  const busy = loading !== null || running || workerBusy;
  return (
    <div className="app" data-testid="app" data-busy={busy ? 'true' : 'false'}>
      <TopBar />
      <div className="layout">
        <aside className="sidebar">
          <ExampleList />
        </aside>
        <main className="main">
          <WorkerNotices />
          <LoadProblemPanel />
          {loading && (
            <p className="loading muted small" data-testid="loading">
              Opening {loading.origin}…
            </p>
          )}
          {current ? <ScenarioPanel scenario={current} /> : !loading && <Welcome />}
        </main>
      </div>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <p>Drop a scenario file to open it</p>
        </div>
      )}
    </div>
  );
}
