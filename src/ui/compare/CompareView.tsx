// Compare mode: the current scenario on two configurations, side by side. In place of the graph
// and the map: the two sides' configurations, the first divergence, the aligned results, the
// current row in full, and both machines at the explorer's cursor.

import { useCallback } from 'react';
import { useExplorer, useExplorerStore } from '../StoreContext';
import { CompareBar } from './CompareBar';
import { ComparePanes } from './ComparePanes';
import { CompareTable } from './CompareTable';
import { Headline } from './Headline';
import { RowDetail } from './RowDetail';
import { useCompare, useCompareStore } from './useCompare';
import './compare.css';

export function CompareView() {
  const explorer = useExplorerStore();
  const store = useCompareStore();
  const steps = useExplorer((s) => s.current?.view.steps ?? null);
  const hasOverrides = useExplorer((s) => s.current?.view.hasPlatformOverrides ?? false);
  const cursor = useExplorer((s) => s.cursor);
  const theme = useExplorer((s) => s.theme);
  const run = useCompare((s) => s.run);
  const busy = useCompare((s) => s.run.kind === 'running' || s.seeking);
  const linkProblem = useCompare((s) => s.linkProblem);
  const onGo = useCallback((step: number) => void explorer.getState().seek(step), [explorer]);

  return (
    <section className="compare" aria-label="Compare mode" data-testid="compare" data-busy={busy ? 'true' : 'false'} data-run={run.kind}>
      <CompareBar hasOverrides={hasOverrides} />
      {linkProblem && (
        <div className="notice notice-warn cmp-link-problem" role="status" data-testid="compare-link-problem">
          <span>{linkProblem}</span>{' '}
          <button type="button" className="btn btn-small" onClick={() => store.getState().dismissLinkProblem()}>Dismiss</button>
        </div>
      )}
      {run.kind === 'done' && steps ? (
        <>
          <Headline result={run.result} cursor={cursor} onGo={onGo} />
          {!run.result.blocked && (
            <div className="cmp-body">
              <div className="cmp-upper">
                <CompareTable result={run.result} steps={steps} cursor={cursor} onGo={onGo} />
                <RowDetail result={run.result} cursor={cursor} />
              </div>
              <ComparePanes result={run.result} cursor={cursor} theme={theme} />
            </div>
          )}
        </>
      ) : run.kind === 'error' ? (
        <div className="notice notice-err cmp-error" role="alert">
          <div className="notice-head">Compare mode could not run this scenario</div>
          <div className="notice-body">{run.message}</div>
          <button type="button" className="btn btn-small" onClick={() => store.getState().rerun()}>Try again</button>
        </div>
      ) : (
        <p className="cmp-running muted">{steps ? 'Running the scenario on both configurations…' : 'Open a scenario to compare it on two configurations.'}</p>
      )}
    </section>
  );
}
