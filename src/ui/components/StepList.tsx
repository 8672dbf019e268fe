// The steps, one row each, with their results once the run is done. Long scenarios render in
// pages (a later issue brings the virtualized timeline); the count is always shown.

import { useState } from 'react';
import type { RunState } from '../../state/store';
import type { Step } from '../../worker/protocol';
import { StepRow } from './StepRow';
import type { RowOutcome } from './StepRow';

const PAGE = 500;

export function StepList({ steps, run }: { steps: readonly Step[]; run: RunState }) {
  const [shown, setShown] = useState(PAGE);
  const visible = steps.slice(0, shown);
  return (
    <section className="steps" aria-label="Steps">
      <div className="steps-head" aria-hidden="true">
        <span>#</span>
        <span>operation</span>
        <span>result</span>
      </div>
      <ol className="step-list" data-testid="steps">
        {visible.map((step, i) => (
          <StepRow key={i} index={i} step={step} outcome={outcomeOf(run, i)} />
        ))}
      </ol>
      {steps.length > shown && (
        <button type="button" className="btn more" onClick={() => setShown((n) => n + PAGE * 4)}>
          Show more ({steps.length - shown} steps not shown)
        </button>
      )}
    </section>
  );
}

function outcomeOf(run: RunState, i: number): RowOutcome {
  switch (run.kind) {
    case 'none':
    case 'running':
      return { kind: 'pending' };
    case 'lost':
      return { kind: 'unknown' };
    case 'done': {
      const r = run.run.results[i];
      if (r) return { kind: 'result', result: r, mismatch: run.run.mismatches[i] ?? null };
      if (run.run.bug && (run.run.bug.step === i || (run.run.bug.step === null && i === 0))) return { kind: 'bug', message: run.run.bug.message };
      return { kind: 'not-run' };
    }
    default: {
      const never: never = run;
      return never;
    }
  }
}
