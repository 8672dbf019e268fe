// The embed (`?embed=1`): a read-only explorer for slides and blog posts. The main view(s) of the
// link's view, the stepper, the step's narration, and a link to the full explorer. It never
// rewrites its own address (a browser restores an iframe's address on reload: a rewritten one
// would reopen somewhere else), never shows a modal (problems are shown in place), and has no
// editor, no examples, no file handling and no help dialog. Keyboard stepping works once the
// frame has focus.

import { useCallback, useEffect, useState } from 'react';
import type { Selection } from '../../../state/selection';
import type { ViewMode } from '../../../state/store';
import { LoadProblemPanel, WorkerNotices } from '../../components/Notices';
import { MainViews } from '../../shell/MainViews';
import { Transport } from '../../shell/Transport';
import { usePlayback } from '../../shell/usePlayback';
import { useStepKeys } from '../../shell/useStepKeys';
import { useExplorer, useExplorerStore } from '../../StoreContext';
import { themeOf } from '../params';
import { useIsBusy } from '../useIsBusy';
import { EmbedHeader } from './EmbedHeader';
import { EmbedNarration } from './EmbedNarration';
import type { EmbedOpening } from './useEmbedLink';
import { useEmbedLink } from './useEmbedLink';
import '../../shell/shell.css';
import './embed.css';

export function EmbedApp() {
  const store = useExplorerStore();
  const theme = useExplorer((s) => s.theme);
  const current = useExplorer((s) => s.current);
  const snapshot = useExplorer((s) => s.snapshot);
  const selection = useExplorer((s) => s.selection);
  const mode = useExplorer((s) => s.viewMode);
  const pending = useExplorer((s) => s.run.kind === 'running' || s.seeking);
  const shownStep = snapshot?.step ?? -1;
  const step = useExplorer((s) => (shownStep >= 0 ? (s.current?.view.steps[shownStep] ?? null) : null));
  const result = useExplorer((s) => (shownStep >= 0 && s.run.kind === 'done' ? (s.run.run.results[shownStep] ?? null) : null));
  const { opening, explorer } = useEmbedLink();
  const busy = useIsBusy() || opening.kind === 'opening';
  useStepKeys(store);
  usePlayback(store);

  // ?theme= picks the theme for a slide deck; it is not saved (the store's setTheme would).
  useEffect(() => {
    const t = themeOf(window.location.search);
    if (t) store.setState({ theme: t });
  }, [store]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    document.title = current?.view.title ? `${current.view.title} · iova-atlas` : 'iova-atlas';
  }, [current]);

  const onSelect = useCallback((sel: Selection) => store.getState().select(sel), [store]);
  const onMode = useCallback((m: ViewMode) => store.getState().setViewMode(m), [store]);

  return (
    <div className="app embed" data-testid="app" data-embed="true" data-busy={busy ? 'true' : 'false'}>
      <EmbedHeader title={current?.view.title ?? null} href={explorer.href} step={explorer.step} />
      <div className="em-notices">
        <OpeningProblem opening={opening} />
        <WorkerNotices />
        <LoadProblemPanel />
      </div>
      <div className="em-main">
        {current ? (
          <MainViews snapshot={snapshot} selection={selection} onSelect={onSelect} theme={theme} mode={mode} onMode={onMode} step={step} result={result} pending={pending} />
        ) : (
          opening.kind !== 'failed' &&
          opening.kind !== 'empty' && <p className="em-waiting muted">Opening the scenario…</p>
        )}
      </div>
      {current && <EmbedNarration step={step} result={result} shownStep={shownStep} description={current.view.description} />}
      {current && <Transport />}
    </div>
  );
}

function OpeningProblem({ opening }: { opening: EmbedOpening }) {
  if (opening.kind === 'empty') {
    return (
      <p className="notice notice-warn em-problem" role="status" data-testid="embed-problem" data-kind="empty">
        This embed has no scenario: its address needs a scenario link (<code>#s=…</code>) or <code>?src=</code>. Make one with Share in the explorer.
      </p>
    );
  }
  if (opening.kind !== 'failed') return null;
  return (
    <div className="notice notice-err em-problem" role="alert" data-testid="embed-problem" data-kind={opening.errorKind}>
      <p className="notice-body" data-testid="embed-problem-message">
        {opening.message}
      </p>
      <p className="small muted">
        Where: <code>{opening.where}</code>
      </p>
    </div>
  );
}
