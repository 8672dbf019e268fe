// The bar across the top: what this is, how to open a scenario, the theme, the simulator's state.

import { useRef } from 'react';
import type { WorkerStatus } from '../../worker/client';
import { HelpButton } from '../help/HelpButton';
import { ShareButton } from '../share/ShareButton';
import { CompareButton } from '../compare/CompareButton';
import { useExplorer, useExplorerStore } from '../StoreContext';
import { DownloadButton } from '../files/DownloadButton';
import { openScenarioFile } from '../files/openFile';
import { TourButton } from '../tours/TourButton';

export function TopBar() {
  const store = useExplorerStore();
  const theme = useExplorer((s) => s.theme);
  const hasScenario = useExplorer((s) => s.current !== null);
  const input = useRef<HTMLInputElement>(null);

  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-name">iova-atlas</span>
        <span className="brand-sub">Linux IOMMU state, simulated</span>
      </div>
      <div className="topbar-actions">
        <TourButton />
        <button type="button" className="btn" data-testid="open-file" onClick={() => input.current?.click()} title="Open a scenario file, or an SVG exported by iova-atlas (or drop one anywhere on the page)">
          Open file…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json,.svg,image/svg+xml"
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void openScenarioFile(store, f);
          }}
        />
        <DownloadButton />
        <button
          type="button"
          className="btn"
          data-testid="edit"
          disabled={!hasScenario}
          onClick={() => store.getState().setEditorOpen(true)}
          title="Edit the scenario's steps or its JSON (an invalid edit never replaces the current scenario)"
        >
          Edit
        </button>
        <CompareButton />
        <ShareButton />
        <button
          type="button"
          className="btn btn-quiet"
          data-testid="theme-toggle"
          aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
          title={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
          onClick={() => store.getState().setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {theme === 'dark' ? 'Light' : 'Dark'} theme
        </button>
        <HelpButton />
        <WorkerPill />
      </div>
    </header>
  );
}

function WorkerPill() {
  const status = useExplorer((s) => s.worker);
  const store = useExplorerStore();
  const { label, tone } = describe(status);
  return (
    <span className={`pill pill-${tone}`} data-testid="worker-status" data-status={status.kind} title={'reason' in status ? status.reason : undefined}>
      <span className="pill-dot" aria-hidden="true" />
      {label}
      {status.kind === 'failed' && (
        <button type="button" className="btn btn-small" onClick={() => store.getState().restartWorker()}>
          Restart
        </button>
      )}
    </span>
  );
}

function describe(s: WorkerStatus): { label: string; tone: 'ok' | 'busy' | 'warn' | 'err' } {
  switch (s.kind) {
    case 'starting': return { label: 'simulator starting', tone: 'busy' };
    case 'ready': return { label: 'simulator ready', tone: 'ok' };
    // Seeks and walks take milliseconds: the pill stays calm while stepping.
    case 'busy': return s.request === 'seek' || s.request === 'walk' ? { label: 'simulator ready', tone: 'ok' } : { label: s.request === 'runAll' ? 'simulating…' : s.request === 'load' ? 'parsing…' : 'working…', tone: 'busy' };
    case 'restarting': return { label: 'simulator restarting', tone: 'warn' };
    case 'failed': return { label: 'simulator stopped', tone: 'err' };
    default: {
      const never: never = s;
      return never;
    }
  }
}
