// Messages above the scenario: a load that failed (naming where and, for invalid scenarios,
// each step and field), a worker that crashed and was recovered, a worker that was given up on.

import { useExplorer, useExplorerStore } from '../StoreContext';

export function LoadProblemPanel() {
  const problem = useExplorer((s) => s.problem);
  const hasCurrent = useExplorer((s) => s.current !== null);
  const store = useExplorerStore();
  if (!problem) return null;
  return (
    <section className="notice notice-err" role="alert" data-testid="load-problem">
      <div className="notice-head">
        <strong>Could not open {problem.origin}</strong>
        <button type="button" className="btn btn-small btn-quiet" onClick={() => store.getState().dismissProblem()} aria-label="Dismiss">
          Dismiss
        </button>
      </div>
      <p className="notice-body">
        {sentence(problem.message)}
        {hasCurrent ? ' The scenario shown below is still the current one.' : ''}
      </p>
      {problem.issues.length > 0 && (
        <ul className="issues" data-testid="load-issues">
          {problem.issues.map((i, n) => (
            <li key={n} data-testid="load-issue" data-where={i.where}>
              <code className="issue-where">{i.where}</code>
              <span className="issue-msg">{i.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function WorkerNotices() {
  const recovery = useExplorer((s) => s.recovery);
  const worker = useExplorer((s) => s.worker);
  const store = useExplorerStore();
  return (
    <>
      {worker.kind === 'failed' && (
        <section className="notice notice-err" role="alert" data-testid="worker-failed">
          <div className="notice-head">
            <strong>The simulator is not running</strong>
            <button type="button" className="btn btn-small" onClick={() => store.getState().restartWorker()}>
              Restart it
            </button>
          </div>
          <p className="notice-body">{worker.reason}.</p>
        </section>
      )}
      {recovery && worker.kind !== 'failed' && (
        <section className="notice notice-warn" role="status" data-testid="worker-recovered">
          <div className="notice-head">
            <strong>The simulator worker failed and was restarted</strong>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => store.getState().dismissRecovery()} aria-label="Dismiss">
              Dismiss
            </button>
          </div>
          <p className="notice-body">
            It {recovery.reason}.{' '}
            {recovery.replayed ? <>The new worker reloaded {recovery.replayed}.</> : <>No scenario had been loaded.</>}
            {recovery.lost.length > 0 && <> Lost with it: {recovery.lost.join(', ')}.</>}
          </p>
        </section>
      )}
    </>
  );
}

/** Capitalized, with a final full stop unless it already ends a sentence. */
function sentence(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.?!]$/.test(t) ? t : t + '.';
}
