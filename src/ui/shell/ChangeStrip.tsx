// What the current step did, above the main views: the step, its result, and the snapshot's
// `changes.summary` (one line per change, in the view model's words). The views draw the same
// changes as highlights; this is the sentence version. Long lists fold after a few lines.

import { useState } from 'react';
import type { Snapshot } from '../../core/view/types';
import type { Step, StepResult } from '../../worker/protocol';
import { errnoText } from '../format';

const SHOWN = 3;

export function ChangeStrip({ snapshot, step, result, pending }: { snapshot: Snapshot | null; step: Step | null; result: StepResult | null; pending: boolean }) {
  const [open, setOpen] = useState(false);
  if (!snapshot) {
    return (
      <div className="changes" data-testid="changes" data-step="">
        <span className="muted">{pending ? 'Simulating…' : 'No state to show.'}</span>
      </div>
    );
  }
  const lines = snapshot.changes.summary;
  const visible = open ? lines : lines.slice(0, SHOWN);
  return (
    <div className="changes" data-testid="changes" data-step={snapshot.step} aria-live="polite">
      <div className="changes-head">
        {snapshot.step < 0 ? (
          <span className="changes-title">Before the first step: the machine as the scenario sets it up</span>
        ) : (
          <>
            <span className="changes-title">
              Step {snapshot.step} <code className="changes-op">{step?.op ?? '?'}</code>
            </span>
            {result && (result.ok ? <span className="badge badge-ok">ok</span> : <span className="badge badge-err" title={`${result.reason} (${result.source})`}>{errnoText(result.errno)}</span>)}
            {lines.length === 0 && <span className="muted">{result && !result.ok ? 'changed nothing (a failing call leaves the state as it was)' : 'no visible change'}</span>}
          </>
        )}
        {pending && <span className="changes-pending muted">updating…</span>}
      </div>
      {lines.length > 0 && snapshot.step >= 0 && (
        <ul className="changes-list" data-testid="changes-summary">
          {visible.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
          {lines.length > SHOWN && (
            <li>
              <button type="button" className="linkish" onClick={() => setOpen(!open)} aria-expanded={open}>
                {open ? 'fewer' : `${lines.length - SHOWN} more`}
              </button>
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
