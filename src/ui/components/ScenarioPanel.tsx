// The loaded scenario: its headline, the machine it runs on, the run's summary, then its steps
// (the timeline: the current step highlighted, a click goes to a step).

import { memo, useCallback } from 'react';
import type { RunAllResult, Step } from '../../worker/protocol';
import type { LoadedScenario, RunState } from '../../state/store';
import { useExplorer, useExplorerStore } from '../StoreContext';
import { StepList } from './StepList';

export function ScenarioPanel({ scenario }: { scenario: LoadedScenario }) {
  const store = useExplorerStore();
  const run = useExplorer((s) => s.run);
  const cursor = useExplorer((s) => (s.run.kind === 'done' ? s.cursor : null));
  const onGo = useCallback((i: number) => void store.getState().seek(i), [store]);
  const v = scenario.view;
  return (
    <article className="scenario" data-testid="scenario">
      <header className="scenario-head">
        <h1 className="scenario-title" data-testid="scenario-title">
          {v.title ?? 'Untitled scenario'}
        </h1>
        <p className="scenario-origin muted small">from {scenario.origin}</p>
        {v.description && (
          <p className="scenario-desc" title={v.description}>
            {v.description}
          </p>
        )}
        <dl className="facts">
          <div>
            <dt>platform</dt>
            <dd>
              <code>{v.platform}</code>
              {v.hasPlatformOverrides && <span className="tag tag-warn" title="The scenario overrides fields of this preset">overridden</span>}
            </dd>
          </div>
          <div>
            <dt>/dev/vfio/vfio</dt>
            <dd>{v.kernel.vfio_container === 'iommufd' ? 'iommufd (VFIO container compat)' : 'legacy VFIO container'}</dd>
          </div>
          <div>
            <dt>devices</dt>
            <dd>
              {v.devices.length === 0 && <span className="muted">none</span>}
              {v.devices.length <= DEVICES_SHOWN ? (
                v.devices.map((d) => <DeviceLine key={d.id} d={d} />)
              ) : (
                // A large machine: a count, the list on demand (100 lines would push the steps off screen).
                <details className="devices-more" data-testid="devices-more">
                  <summary>
                    {v.devices.length} devices in {new Set(v.devices.map((d) => d.group)).size} groups
                  </summary>
                  <div className="devices-list">
                    {v.devices.map((d) => (
                      <DeviceLine key={d.id} d={d} />
                    ))}
                  </div>
                </details>
              )}
            </dd>
          </div>
        </dl>
        <RunSummary run={run} steps={v.steps} />
      </header>
      <StepList steps={v.steps} run={run} cursor={cursor} onGo={run.kind === 'done' ? onGo : undefined} />
    </article>
  );
}

/** Up to this many devices are listed in the header; more are counted, and listed on demand. */
const DEVICES_SHOWN = 6;

function DeviceLine({ d }: { d: LoadedScenario['view']['devices'][number] }) {
  return (
    <span className="device" title={d.label ?? d.kind ?? 'pci'}>
      <code>{d.id}</code>
      <span className="muted">
        {d.bdf ? ` ${d.bdf}` : ''} group {d.group}
        {d.kind && d.kind !== 'pci' ? ` ${d.kind}` : ''}
        {d.parent ? ` (${d.parent})` : ''}
      </span>
    </span>
  );
}

function RunSummary({ run, steps }: { run: RunState; steps: readonly Step[] }) {
  const store = useExplorerStore();
  switch (run.kind) {
    case 'none':
      return null;
    case 'running':
      return (
        <p className="summary muted" data-testid="run-summary" data-state="running">
          Simulating {steps.length} steps…
        </p>
      );
    case 'lost':
      return (
        <div className="summary summary-err" data-testid="run-summary" data-state="lost">
          <span>The results were lost: {run.message}.</span>
          <button type="button" className="btn btn-small" data-testid="rerun" onClick={() => void store.getState().rerun()}>
            Run again
          </button>
        </div>
      );
    case 'done':
      return <DoneSummary run={run.run} steps={steps} />;
    default: {
      const never: never = run;
      return never;
    }
  }
}

// Memoized: the panel re-renders on every seek, and counting 100k results each time is waste.
const DoneSummary = memo(function DoneSummary({ run, steps: all }: { run: RunAllResult; steps: readonly Step[] }) {
  const steps = all.length;
  const ok = run.results.filter((r) => r.ok).length;
  const failed = run.results.length - ok;
  const checked = run.results.filter((r) => all[r.index]?.expect !== undefined).length;
  const mismatched = run.mismatches.filter((m) => m !== null).length;
  return (
    <div className="summary" data-testid="run-summary" data-state={run.bug ? 'bug' : 'done'}>
      <span>
        {run.results.length === steps ? `${steps} steps` : `${run.results.length} of ${steps} steps ran`}:{' '}
        <span className="ok-text">{ok} ok</span>, <span className={failed > 0 ? 'err-text' : 'muted'}>{failed} failed with an errno</span>
      </span>
      {checked > 0 && (
        <span className={mismatched > 0 ? 'tag tag-err' : 'tag tag-ok'} data-testid="expect-summary" data-mismatches={mismatched}>
          {mismatched > 0 ? `${mismatched} expectation${mismatched === 1 ? '' : 's'} not met` : 'every expectation met'}
        </span>
      )}
      {run.bug && (
        <p className="bug" role="alert" data-testid="sim-bug" data-step={run.bug.step ?? ''}>
          <strong>Simulator bug{run.bug.step !== null ? ` at step ${run.bug.step} (${run.bug.op})` : ''}.</strong> {run.bug.message}. The run stopped there; this
          is a fault of iova-atlas, not a kernel error.
        </p>
      )}
    </div>
  );
});
