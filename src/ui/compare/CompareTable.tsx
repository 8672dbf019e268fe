// The two runs aligned row by row: step, call, each side's outcome, and how they relate. The
// explorer's cursor is the current row; a click or the keys move it (both panes follow). Long
// scenarios are windowed: only the rows in view (and a margin) are in the DOM, between two
// spacer rows, so the table stays a real table for assistive technology.

import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { CompareResult, CompareRow } from '../../core/compare';
import { outcomeWords, rowSentence } from '../../core/compare/words';
import type { Step, StepResult } from '../../worker/protocol';
import { outInline, stepArgs } from '../format';
import { verdictLook } from './verdictUi';
import { VerdictIcon } from './VerdictIcon';

const ROW_H = 24;
/** The sticky header row (compare.css). */
const HEAD_H = 27;
const MARGIN = 12;

export function CompareTable(props: { result: CompareResult; steps: readonly Step[]; cursor: number; onGo: (step: number) => void }) {
  const { result: r, steps, cursor, onGo } = props;
  const labels = useMemo(() => ({ a: r.a.label, b: r.b.label }), [r]);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 400 });
  const n = r.rows.length;

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = (): void => setView({ top: el.scrollTop, height: el.clientHeight });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, []);

  // Keep the cursor's row in view: when it leaves the view, bring it to the middle (the rows
  // around a divergence matter as much as the row itself).
  useEffect(() => {
    const el = scroller.current;
    if (!el || cursor < 0) return;
    const head = HEAD_H;
    const top = head + cursor * ROW_H;
    if (top < el.scrollTop + head || top + ROW_H > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - head - (el.clientHeight - head - ROW_H) / 2);
    }
  }, [cursor]);

  const first = Math.max(0, Math.floor(view.top / ROW_H) - MARGIN);
  const last = Math.min(n - 1, Math.ceil((view.top + view.height) / ROW_H) + MARGIN);

  const onKey = (e: KeyboardEvent): void => {
    const go = (to: number): void => {
      e.preventDefault();
      onGo(Math.max(-1, Math.min(n - 1, to)));
    };
    switch (e.key) {
      case 'ArrowDown': return go(cursor + 1);
      case 'ArrowUp': return go(cursor - 1);
      case 'PageDown': return go(cursor + 10);
      case 'PageUp': return go(cursor - 10);
      case 'Home': return go(-1);
      case 'End': return go(n - 1);
      case 'n': {
        const next = r.divergences.find((i) => i > cursor);
        if (next !== undefined) go(next);
        return;
      }
      case 'p': {
        const prev = [...r.divergences].reverse().find((i) => i < cursor);
        if (prev !== undefined) go(prev);
        return;
      }
      case 'f':
        if (r.first !== null) go(r.first);
        return;
      default:
    }
  };

  return (
    <div
      ref={scroller}
      className="cmp-table-wrap"
      tabIndex={0}
      data-own-keys=""
      onKeyDown={onKey}
      aria-label="Steps of both runs, aligned. Up and Down move the step, N and P go to the next and previous divergence, F to the first."
    >
      <table className="cmp-table" data-testid="compare-table" aria-rowcount={n + 1}>
        <colgroup>
          <col style={{ width: `${String(Math.max(0, n - 1)).length + 2.4}ch` }} />
          <col className="cmp-col-call" />
          <col className="cmp-col-side" />
          <col className="cmp-col-side" />
          <col className="cmp-col-verdict" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">#</th>
            <th scope="col">call</th>
            <th scope="col" className="cmp-th-side" title={r.a.label}><span className="cmp-side-letter">A</span> {labels.a}</th>
            <th scope="col" className="cmp-th-side" title={r.b.label}><span className="cmp-side-letter">B</span> {labels.b}</th>
            <th scope="col">comparison</th>
          </tr>
        </thead>
        <tbody>
          {first > 0 && <tr aria-hidden="true" style={{ height: first * ROW_H }} />}
          {r.rows.slice(first, last + 1).map((row) => (
            <Row key={row.index} row={row} step={steps[row.index]} labels={labels} current={row.index === cursor} first={row.index === r.first} onGo={onGo} />
          ))}
          {last < n - 1 && <tr aria-hidden="true" style={{ height: (n - 1 - last) * ROW_H }} />}
        </tbody>
      </table>
    </div>
  );
}

const Row = memo(function Row(props: {
  row: CompareRow;
  step: Step | undefined;
  labels: { a: string; b: string };
  current: boolean;
  first: boolean;
  onGo: (step: number) => void;
}) {
  const { row, step, labels, current, first, onGo } = props;
  const look = verdictLook(row, labels);
  const divergent = row.verdict.kind !== 'same';
  const carried = !divergent && row.state === 'differs';
  const call = step ? `${step.op} ${stepArgs(step).map((a) => `${a.name}=${a.value}`).join(' ')}` : row.op;
  return (
    <tr
      className={`cmp-row cmp-v-${look.tone}${divergent ? ' cmp-row-div' : ''}${carried ? ' cmp-row-carried' : ''}${current ? ' cmp-row-current' : ''}${first ? ' cmp-row-first' : ''}`}
      aria-rowindex={row.index + 2}
      aria-current={current ? 'step' : undefined}
      data-testid="compare-row"
      data-index={row.index}
      data-verdict={row.verdict.kind}
      data-state={row.state}
      title={rowSentence(row, labels)}
      onClick={() => onGo(row.index)}
    >
      <td className="cmp-i">{row.index}</td>
      <td className="cmp-call mono">{call}</td>
      <td className="cmp-out" data-side="a"><Cell r={row.a} /></td>
      <td className="cmp-out" data-side="b"><Cell r={row.b} /></td>
      <td className="cmp-verdict">
        <VerdictIcon tone={look.tone} />
        {first && <span className="cmp-first-badge">first</span>}
        <span className="cmp-verdict-words">{look.words || (carried ? `state differs since step ${row.differsSince ?? '?'}` : row.inspectNotComparable ? 'different objects (not compared)' : '')}</span>
      </td>
    </tr>
  );
});

function Cell({ r }: { r: StepResult | null }) {
  if (!r) return <span className="muted">not run</span>;
  if (!r.ok) return <span className="cmp-errno" title={outcomeWords(r)}>{r.errno}</span>;
  const out = outInline(r.out, 60);
  return (
    <span className="cmp-ok" title={out ?? undefined}>
      ok{r.ret !== undefined ? ` ret ${String(r.ret)}` : ''}
      {out ? <span className="cmp-out-inline mono"> {out}</span> : null}
    </span>
  );
}
