// The workspace: the timeline on the left, the graph and the address map in the centre, the
// inspector, page walk and legend on the right, the step controls along the bottom. Every
// panel reads the store through selectors, so a seek re-renders what changed and no more.

import { lazy, Suspense, useCallback } from 'react';
import type { Selection } from '../../state/selection';
import type { ViewMode } from '../../state/store';
import { useCompare } from '../compare/useCompare';
import { LoadProblemPanel, WorkerNotices } from '../components/Notices';
import { Welcome } from '../components/Welcome';
import { LinkNotice } from '../share/LinkNotice';
import { useExplorer, useExplorerStore } from '../StoreContext';
import { EditorDialog } from './EditorDialog';
import { LeftPanel } from './LeftPanel';
import { MainViews } from './MainViews';
import { SidePanels } from './SidePanels';
import { Transport } from './Transport';
import './shell.css';

// Compare mode is its own chunk (its panes and the compare core's tables), fetched when it opens.
const CompareView = lazy(() => import('../compare/CompareView').then((m) => ({ default: m.CompareView })));

export function Workspace() {
  const store = useExplorerStore();
  const current = useExplorer((s) => s.current);
  const loading = useExplorer((s) => s.loading);
  const snapshot = useExplorer((s) => s.snapshot);
  const selection = useExplorer((s) => s.selection);
  const walkTarget = useExplorer((s) => s.walkTarget);
  const theme = useExplorer((s) => s.theme);
  const mode = useExplorer((s) => s.viewMode);
  const pending = useExplorer((s) => s.run.kind === 'running' || s.seeking);
  // Compare mode (ui/compare) takes the centre and the right-hand panels.
  const comparing = useCompare((s) => s.open) && current !== null;
  // The step and result of the snapshot shown (not of the cursor, which may be ahead of it).
  const shownStep = snapshot?.step ?? -1;
  const step = useExplorer((s) => (shownStep >= 0 ? (s.current?.view.steps[shownStep] ?? null) : null));
  const result = useExplorer((s) => (shownStep >= 0 && s.run.kind === 'done' ? (s.run.run.results[shownStep] ?? null) : null));

  const onSelect = useCallback((sel: Selection) => store.getState().select(sel), [store]);
  const onMode = useCallback((m: ViewMode) => store.getState().setViewMode(m), [store]);
  const walk = useCallback((space: string, iova: bigint) => store.getState().walk(space, iova), [store]);

  return (
    <>
      <main className="workspace" data-has-scenario={current ? 'true' : 'false'} data-compare={comparing ? 'true' : undefined}>
        <LeftPanel current={current} />
        <div className="centre">
          <div className="centre-notices">
            <WorkerNotices />
            <LinkNotice />
            <LoadProblemPanel />
            {loading && (
              <p className="loading muted small" data-testid="loading">
                Opening {loading.origin}…
              </p>
            )}
          </div>
          {comparing ? (
            <Suspense fallback={<p className="loading muted small">Opening the comparison…</p>}>
              <CompareView />
            </Suspense>
          ) : current ? (
            <MainViews snapshot={snapshot} selection={selection} onSelect={onSelect} theme={theme} mode={mode} onMode={onMode} step={step} result={result} pending={pending} />
          ) : (
            !loading && (
              <div className="centre-welcome">
                <Welcome />
              </div>
            )
          )}
        </div>
        {current && !comparing && <SidePanels snapshot={snapshot} selection={selection} walkTarget={walkTarget} onSelect={onSelect} walk={walk} step={step} result={result} />}
      </main>
      {current && <Transport />}
      <EditorDialog />
    </>
  );
}
