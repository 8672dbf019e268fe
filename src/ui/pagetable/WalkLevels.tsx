// The walk, root first: per level the index bits, the index, the table visited (the IOVA span
// it translates, clickable to highlight it on the map) and what its entry holds; and where
// the walk ends: the translated user address, or the fault and why. The levels are a list of
// rows that read as a table when the panel is wide and as stacked cards when it is narrow.

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

function StepItem({ step, onPick }: { step: WalkStep; onPick: SpanPick }) {
  return (
    <li className={`ptv-step ptv-lv${step.level}`} data-testid="ptv-step" data-level={step.level} data-entry={step.entry.kind}>
      <div className="ptv-step-level">
        <span className="ptv-swatch" aria-hidden="true" />L{step.level} <span className="ptv-muted">{step.label}</span>
      </div>
      <div className="ptv-step-index ptv-mono" data-testid="ptv-index">
        <span>{bitRange(step.indexHi, step.indexLo)}</span> <span className="ptv-strong">{indexText(step.index)}</span>
      </div>
      {step.tceIndexBits && (
        <div className="ptv-step-tce ptv-mono ptv-muted" title="which bits of the TCE index, (iova - window start) >> page_shift, this level uses">
          TCE index bits {bitRange(step.tceIndexBits[0], step.tceIndexBits[1])}
        </div>
      )}
      <div className="ptv-step-table ptv-mono">
        <span className="ptv-cell-label">table</span>
        <SpanButton first={step.table.first} last={step.table.last} onPick={onPick} what={`the level-${step.level} table's span`} />
        <span className="ptv-muted ptv-keep"> {tableSize(step.table)}</span>
      </div>
      <div className="ptv-step-entry ptv-mono" data-testid="ptv-entry">
        <EntryCell entry={step.entry} onPick={onPick} />
      </div>
    </li>
  );
}

const REASON: Readonly<Record<FaultReason, string>> = {
  'not-present': 'entry not present',
  'outside-aperture': 'outside the domain aperture',
  'outside-windows': 'outside every DMA window',
  'beyond-table': "beyond the table's reach",
};

/** Where the walk ends: the translated user address, or the fault and why. */
export function WalkResult({ walk }: { walk: Walk }) {
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
        <span className="ptv-result-tag">translated</span>{' '}
        <span className="ptv-mono ptv-strong" data-testid="ptv-user-addr" title="the user address the IOVA translates to">
          {hex(r.userAddr)}
        </span>
      </div>
      <div className="ptv-mono ptv-result-sum" title="the mapping's user address (vaddr) + the IOVA's offset into the mapping">
        = vaddr {hex(r.range.userVa)} + {hex(walk.iova - r.range.first)}
      </div>
      <dl className="ptv-result-facts">
        <dt>mapping</dt>
        <dd className="ptv-mono">
          {spanText(r.range.first, r.range.last)}{' '}
          <span className="ptv-muted ptv-keep" title={exactSize(r.range.last - r.range.first + 1n)}>
            size {hex(r.range.last - r.range.first + 1n)}
          </span>
        </dd>
        <dt>leaf</dt>
        <dd className="ptv-mono">
          {exactSize(r.leafSize)} at {hex(r.leafIova)} + {hex(r.offset)}
        </dd>
      </dl>
    </div>
  );
}

/** The levels visited, root first. */
export function WalkLevels({ walk, onPick }: { walk: Walk; onPick: SpanPick }) {
  if (walk.steps.length === 0) return null;
  return (
    <div className="ptv-levels">
      <div className="ptv-levels-head" aria-hidden="true">
        <span>Level</span>
        <span>Bits · index</span>
        <span>Table (IOVA span)</span>
        <span>Entry</span>
      </div>
      <ol className="ptv-steps" aria-label={`Levels visited by the walk of ${hex(walk.iova)}, root first`} data-testid="ptv-steps">
        {walk.steps.map((s) => (
          <StepItem key={s.level} step={s} onPick={onPick} />
        ))}
      </ol>
    </div>
  );
}
