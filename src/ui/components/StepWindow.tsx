// The timeline of a long scenario: fixed-height one-line rows, only those in view (plus a
// margin) rendered. The current step is scrolled into view when it moves out of it.

import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Step } from '../../worker/protocol';
import { errnoText, stepArgs } from '../format';
import type { RowOutcome } from './StepRow';

const ROW = 24;
const MARGIN = 12;

export function StepWindow({ steps, outcome, cursor, onGo }: { steps: readonly Step[]; outcome: (i: number) => RowOutcome; cursor: number; onGo?: (index: number) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(600);
  // Row 0 is the initial state (-1); step i is row i + 1.
  const rows = steps.length + 1;

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el || cursor < -1) return;
    const y = (cursor + 1) * ROW;
    if (y < el.scrollTop || y + ROW > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, y - el.clientHeight / 2);
  }, [cursor]);

  const from = Math.max(0, Math.floor(top / ROW) - MARGIN);
  const to = Math.min(rows, Math.ceil((top + height) / ROW) + MARGIN);
  const items = [];
  for (let r = from; r < to; r++) {
    const i = r - 1;
    items.push(<WindowRow key={r} index={i} step={i >= 0 ? steps[i]! : null} outcome={i >= 0 ? outcome(i) : null} current={i === cursor} onGo={onGo} />);
  }
  return (
    <div className="step-window" ref={box} onScroll={(e) => setTop(e.currentTarget.scrollTop)} data-testid="steps" data-rows={steps.length}>
      <ol className="step-window-inner" style={{ height: rows * ROW }}>
        {items}
      </ol>
    </div>
  );
}

const WindowRow = memo(function WindowRow({ index, step, outcome, current, onGo }: { index: number; step: Step | null; outcome: RowOutcome | null; current: boolean; onGo?: (i: number) => void }) {
  const r = outcome?.kind === 'result' ? outcome.result : null;
  const state = r ? (r.ok ? 'ok' : 'errno') : (outcome?.kind ?? 'initial');
  const mismatch = outcome?.kind === 'result' && outcome.mismatch !== null;
  return (
    <li
      className={`wrow step-${state}${mismatch ? ' step-mismatch' : ''}${current ? ' step-current' : ''}`}
      style={{ top: (index + 1) * ROW }}
      data-testid={step ? 'wstep' : 'step-initial'}
      data-index={index}
      data-outcome={state}
      aria-current={current ? 'step' : undefined}
      onClick={() => onGo?.(index)}
      title={r && !r.ok ? `${r.reason} (${r.source})` : undefined}
    >
      <span className="step-index">{index < 0 ? '–' : index}</span>
      {step ? (
        <span className="wrow-call">
          <span className="step-op">{step.op}</span>{' '}
          <span className="wrow-args">{stepArgs(step).map((a) => `${a.name}=${a.value}`).join(' ')}</span>
        </span>
      ) : (
        <span className="wrow-call muted">initial state</span>
      )}
      <span className="wrow-result">{r ? r.ok ? <span className="badge badge-ok">ok</span> : <span className="badge badge-err">{errnoText(r.errno)}</span> : outcome?.kind === 'bug' ? <span className="badge badge-bug">bug</span> : null}</span>
    </li>
  );
});
