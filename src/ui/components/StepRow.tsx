// One step: index, op and its arguments (hex), and its result: ok (with `out`), or the errno
// with the kernel's reason and source. An unmet `expect` is marked; the step's note is shown.
// Everything from the scenario is rendered as text (React escapes it), never as HTML.

import { memo } from 'react';
import type { Mismatch, Step, StepResult } from '../../worker/protocol';
import { errnoText, outInline, prettyJson, short, stepArgs } from '../format';

export type RowOutcome =
  | { readonly kind: 'pending' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'not-run' }
  | { readonly kind: 'bug'; readonly message: string }
  | { readonly kind: 'result'; readonly result: StepResult; readonly mismatch: Mismatch | null };

export const StepRow = memo(function StepRow({ index, step, outcome, current = false, onGo }: {
  index: number;
  step: Step;
  outcome: RowOutcome;
  /** The explorer is at this step (highlighted, and its note is shown whole). */
  current?: boolean;
  /** Move the explorer to this step (a click on the row). */
  onGo?: (index: number) => void;
}) {
  const r = outcome.kind === 'result' ? outcome.result : null;
  const mismatch = outcome.kind === 'result' ? outcome.mismatch : null;
  const state = r ? (r.ok ? 'ok' : 'errno') : outcome.kind;
  const expectState = !step.expect ? 'none' : outcome.kind !== 'result' ? 'unknown' : mismatch ? 'failed' : 'held';
  return (
    <li
      className={`step step-${state}${mismatch ? ' step-mismatch' : ''}${current ? ' step-current' : ''}`}
      data-testid="step"
      data-index={index}
      data-current={current ? 'true' : undefined}
      aria-current={current ? 'step' : undefined}
      onClick={onGo ? (e) => {
        // A click on the folded `out` (details/summary) or a selection of text is not a seek.
        if ((e.target as Element).closest('summary, pre') || window.getSelection()?.toString()) return;
        onGo(index);
      } : undefined}
      data-op={step.op}
      data-outcome={state}
      data-errno={r && !r.ok ? r.errno : undefined}
      data-expect={expectState}
    >
      {onGo ? (
        <button type="button" className="step-index step-go" tabIndex={-1} aria-label={`Go to step ${index}`} onClick={(e) => { e.stopPropagation(); onGo(index); }}>
          {index}
        </button>
      ) : (
        <span className="step-index">{index}</span>
      )}
      <div className="step-call">
        <span className="step-op">{step.op}</span>
        <span className="step-args">
          {stepArgs(step).map((a) => (
            <span key={a.name} className="arg">
              <span className="arg-name">{a.name}=</span>
              <span className={a.handle ? 'arg-handle' : 'arg-value'}>{a.value}</span>
            </span>
          ))}
          {step.as && (
            <span className="arg arg-as" title="the handle this step creates">
              → <span className="arg-handle">{step.as}</span>
            </span>
          )}
        </span>
      </div>
      <div className="step-result">
        <ResultBadge outcome={outcome} />
        {step.expect && <ExpectBadge expect={step.expect} state={expectState} />}
      </div>
      <StepDetails step={step} outcome={outcome} />
    </li>
  );
});

function ResultBadge({ outcome }: { outcome: RowOutcome }) {
  switch (outcome.kind) {
    case 'pending': return <span className="badge badge-pending">…</span>;
    case 'unknown': return <span className="badge badge-pending">?</span>;
    case 'not-run': return <span className="badge badge-pending">not run</span>;
    case 'bug': return <span className="badge badge-bug">simulator bug</span>;
    case 'result': {
      const r = outcome.result;
      if (!r.ok) return <span className="badge badge-err" data-testid="errno">{errnoText(r.errno)}</span>;
      return <span className="badge badge-ok">{r.ret !== undefined ? `ok, ret ${String(r.ret)}` : 'ok'}</span>;
    }
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

function ExpectBadge({ expect, state }: { expect: NonNullable<Step['expect']>; state: string }) {
  const wanted = expect.errno ? expect.errno : expect.ok === false ? 'failure' : 'ok';
  const cls = state === 'failed' ? 'tag tag-err' : state === 'held' ? 'tag tag-ok' : 'tag';
  const mark = state === 'failed' ? '✗' : state === 'held' ? '✓' : '';
  return (
    <span className={cls} title={`expect: ${wanted}${expect.out ? ' with out ' + short(expect.out) : ''}`}>
      {mark} expect {wanted}
    </span>
  );
}

function StepDetails({ step, outcome }: { step: Step; outcome: RowOutcome }) {
  const r = outcome.kind === 'result' ? outcome.result : null;
  const inline = r?.ok ? outInline(r.out) : '';
  const lines = [];
  if (r && !r.ok) {
    lines.push(
      <p key="why" className="why" data-testid="reason">
        <span className="why-reason">{r.reason}</span>
        <span className="why-source">{r.source}</span>
        {r.partial && <span className="tag tag-warn">partial effects</span>}
      </p>,
    );
  }
  if (r?.ok && inline) {
    lines.push(
      <p key="out" className="out" data-testid="out">
        <span className="out-label">out</span> {inline}
      </p>,
    );
  }
  if (r?.ok && inline === null) {
    lines.push(
      <details key="out" className="out-full" data-testid="out">
        <summary>
          <span className="out-label">out</span> {Object.keys(r.out).join(', ')}
        </summary>
        <pre>{prettyJson(r.out)}</pre>
      </details>,
    );
  }
  if (outcome.kind === 'result' && outcome.mismatch) {
    const m = outcome.mismatch;
    lines.push(
      <p key="mismatch" className="mismatch" data-testid="mismatch">
        expected {m.expected}, got {m.got}
      </p>,
    );
  }
  if (outcome.kind === 'bug') {
    lines.push(
      <p key="bug" className="bug-line" data-testid="bug">
        {outcome.message}
      </p>,
    );
  }
  if (step.note) {
    lines.push(
      <p key="note" className="note" data-testid="note">
        {step.note}
      </p>,
    );
  }
  if (lines.length === 0) return null;
  return <div className="step-details">{lines}</div>;
}
