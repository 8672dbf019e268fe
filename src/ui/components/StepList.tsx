// The steps (the timeline), one row each with their results once the run is done; the row of
// the explorer's current step is highlighted and kept in view, and a click on a row goes there.
// Up to FULL_LIMIT steps (4000) every row is rendered with its details (reason, source, out, note);
// longer scenarios render only the rows in view, one line each (the current step's details are
// in the inspector and the change strip), so 100k steps scroll as smoothly as 10.

import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { RunState } from '../../state/store';
import type { Step } from '../../worker/protocol';
import { StepRow } from './StepRow';
import type { RowOutcome } from './StepRow';
import { StepWindow } from './StepWindow';

export const FULL_LIMIT = 4000;

export function StepList({ steps, run, cursor = null, onGo }: { steps: readonly Step[]; run: RunState; cursor?: number | null; onGo?: (index: number) => void }) {
  const list = useRef<HTMLOListElement>(null);
  const windowed = steps.length > FULL_LIMIT;
  // One outcome object per step for the whole run, so that the memoized rows see the same
  // props on a seek and only the two rows whose `current` changed re-render.
  const outcomes = useMemo(() => (windowed ? null : steps.map((_, i) => outcomeOf(run, i))), [steps, run, windowed]);
  const outcomeAt = useCallback((i: number) => outcomeOf(run, i), [run]);

  useEffect(() => {
    if (windowed || cursor === null) return;
    const el = list.current?.querySelector<HTMLElement>(cursor < 0 ? '[data-testid="step-initial"]' : `[data-index="${cursor}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [cursor, windowed]);

  return (
    <section className="steps" aria-label="Steps" data-windowed={windowed ? 'true' : 'false'}>
      {windowed ? (
        <StepWindow steps={steps} outcome={outcomeAt} cursor={cursor ?? -2} onGo={onGo} />
      ) : (
        <ol className="step-list" data-testid="steps" ref={list}>
          {cursor !== null && <InitialRow current={cursor === -1} onGo={onGo} />}
          {steps.map((step, i) => (
            <StepRow key={i} index={i} step={step} outcome={outcomes![i]!} current={cursor === i} onGo={onGo} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** The machine before the first step: a row to go back to it. */
export function InitialRow({ current, onGo }: { current: boolean; onGo?: (index: number) => void }) {
  return (
    <li className={`step step-initial${current ? ' step-current' : ''}`} data-testid="step-initial" aria-current={current ? 'step' : undefined} onClick={() => onGo?.(-1)}>
      <span className="step-index">–</span>
      <span className="step-call muted">initial state</span>
    </li>
  );
}

export function outcomeOf(run: RunState, i: number): RowOutcome {
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
