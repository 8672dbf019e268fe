// The walk as a table, root first: per level the index bits, the index, the table visited
// (the IOVA span it translates, clickable to highlight it on the map) and what its entry
// holds; then where the walk ends: the translated user address, or the fault and why.

import type { FaultReason, TableRef, Walk, WalkEntry, WalkStep } from '../../core/pagetable/walk';
import { bitRange, exactSize, hex, indexText, spanText } from './text';

export interface SpanPick {
  (first: bigint, last: bigint): void;
}

function SpanButton({ first, last, onPick, what }: { first: bigint; last: bigint; onPick: SpanPick; what: string }) {
  return (
    <button
      type="button"
      className="ptv-span"
      onClick={() => onPick(first, last)}
      title={`Highlight ${what} ${spanText(first, last)} (${exactSize(last - first + 1n)}) on the address map`}
      data-testid="ptv-span"
    >
      <span className="ptv-span-first">{hex(first)}</span>
      <span className="ptv-span-sep">–</span>
      <span className="ptv-span-last">{hex(last)}</span>
    </button>
  );
}

const tableSize = (t: TableRef): string => exactSize(t.last - t.first + 1n);

function EntryCell({ entry, onPick }: { entry: WalkEntry; onPick: SpanPick }) {
  switch (entry.kind) {
    case 'table':
      return (
        <span>
          <span className="ptv-entry-kind">table</span> → level {entry.next.level}
        </span>
      );
    case 'leaf':
      return (
        <span className="ptv-entry-leaf">
          <span className="ptv-entry-kind">leaf</span> {exactSize(entry.size)} at{' '}
          <SpanButton first={entry.base} last={entry.base + entry.size - 1n} onPick={onPick} what="the leaf page" />
          {entry.ptes > 1n && <span className="ptv-muted"> ({entry.ptes.toString()} replicated PTEs)</span>}
        </span>
      );
    case 'empty':
      return (
        <span className="ptv-entry-empty">
          <span className="ptv-entry-kind">empty</span> not present
        </span>
      );
  }
}

function StepRow({ step, onPick }: { step: WalkStep; onPick: SpanPick }) {
  return (
    <tr className={`ptv-step ptv-lv${step.level}`} data-testid="ptv-step" data-level={step.level} data-entry={step.entry.kind}>
      <th scope="row" className="ptv-step-level">
        <span className="ptv-swatch" aria-hidden="true" />L{step.level} <span className="ptv-muted">{step.label}</span>
      </th>
      <td className="ptv-mono ptv-nowrap" data-testid="ptv-index">
        <div>{bitRange(step.indexHi, step.indexLo)}</div>
        <div>{indexText(step.index)}</div>
        {step.tceIndexBits && (
          <div className="ptv-muted" title="bits of the TCE index ((iova - window start) >> page_shift) this level uses">
            TCE idx {bitRange(step.tceIndexBits[0], step.tceIndexBits[1])}
          </div>
        )}
      </td>
      <td className="ptv-mono">
        <SpanButton first={step.table.first} last={step.table.last} onPick={onPick} what={`the level-${step.level} table's span`} />
        <div className="ptv-muted">{tableSize(step.table)}</div>
      </td>
      <td className="ptv-mono" data-testid="ptv-entry">
        <EntryCell entry={step.entry} onPick={onPick} />
      </td>
    </tr>
  );
}

const REASON: Readonly<Record<FaultReason, string>> = {
  'not-present': 'entry not present',
  'outside-aperture': 'outside the domain aperture',
  'outside-windows': 'outside every DMA window',
  'beyond-table': "beyond the table's reach",
};

function Result({ walk }: { walk: Walk }) {
  const r = walk.result;
  if (r.kind === 'fault') {
    const where = r.level === null ? 'before the walk' : `at level ${r.level}`;
    return (
      <div className="ptv-result ptv-result-fault" role="status" data-testid="ptv-result" data-kind="fault" data-level={r.level ?? ''} data-reason={r.reason}>
        <div className="ptv-result-head">
          <span className="ptv-result-tag">fault</span> {where}: {REASON[r.reason]}
        </div>
        <div className="ptv-result-detail">{r.detail}</div>
      </div>
    );
  }
  return (
    <div className="ptv-result ptv-result-ok" role="status" data-testid="ptv-result" data-kind="translated" data-user={hex(r.userAddr)}>
      <div className="ptv-result-head">
        <span className="ptv-result-tag">translated</span> user address{' '}
        <span className="ptv-mono ptv-strong" data-testid="ptv-user-addr">{hex(r.userAddr)}</span>
      </div>
      <dl className="ptv-result-facts">
        <dt>=</dt>
        <dd className="ptv-mono">
          {hex(r.range.userVa)} + {hex(walk.iova - r.range.first)}
          <span className="ptv-muted"> (the mapping's user address + the IOVA's offset into it)</span>
        </dd>
        <dt>mapping</dt>
        <dd className="ptv-mono">{spanText(r.range.first, r.range.last)} <span className="ptv-muted">({exactSize(r.range.last - r.range.first + 1n)})</span></dd>
        <dt>leaf</dt>
        <dd className="ptv-mono">
          {exactSize(r.leafSize)} at {hex(r.leafIova)}, offset {hex(r.offset)}
        </dd>
      </dl>
    </div>
  );
}

export function WalkLevels({ walk, onPick }: { walk: Walk; onPick: SpanPick }) {
  return (
    <div className="ptv-walk">
      {walk.steps.length > 0 && (
        <div className="ptv-table-wrap">
          <table className="ptv-table" data-testid="ptv-steps">
            <caption className="ptv-sr">Levels visited by the walk of {hex(walk.iova)}, root first</caption>
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col">Bits · index</th>
                <th scope="col">Table (IOVA span)</th>
                <th scope="col">Entry</th>
              </tr>
            </thead>
            <tbody>
              {walk.steps.map((s) => (
                <StepRow key={s.level} step={s} onPick={onPick} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Result walk={walk} />
    </div>
  );
}
