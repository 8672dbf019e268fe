// The steps in forms mode: the add bar (op picker; a new step goes after the open step, or after
// the explorer's current step), then one row per step with its form when open. Reordering by
// drag and drop, by the handle's arrow keys, or by the move buttons; every move is announced.
// Long scenarios render a window of rows around the current step, extended on request.

import { useEffect, useState } from 'react';
import type { DragEvent } from 'react';
import { OPS } from '../../core/scenario/ops';
import type { OpName } from '../../core/scenario/ops';
import type { Json } from './doc';
import { handlesBefore } from './handles';
import type { SortedIssues } from './issues';
import { OpPicker, opHelp } from './OpPicker';
import { fieldId, handleId } from './ids';
import { StepForm } from './StepForm';
import { StepRowEditor } from './StepRowEditor';
import type { Rows } from './stepOps';
import { deleteStep, duplicateStep, freshKey, insertStep, moveStep, newStep } from './stepOps';

const WINDOW = 300;

export interface StepsEditorProps {
  readonly steps: readonly Json[];
  readonly keys: readonly string[];
  /** The explorer's current step. */
  readonly cursor: number;
  readonly openKey: string | null;
  readonly setOpenKey: (k: string | null) => void;
  readonly issues: SortedIssues;
  readonly editRows: (fn: (rows: Rows) => Rows, tag: string | null) => void;
  readonly announce: (message: string) => void;
  /** Asks for an element to be focused after the next render. */
  readonly setFocusId: (id: string | null) => void;
}

export function StepsEditor(p: StepsEditorProps) {
  const n = p.steps.length;
  // The explorer's current step is a step of the applied scenario: follow that step (by its row
  // key) through inserts and moves, so "current" and "insert after" stay on the same operation.
  const [cursorKey] = useState(() => p.keys[Math.min(Math.max(p.cursor, -1), n - 1)] ?? null);
  const keyed = cursorKey === null ? -1 : p.keys.indexOf(cursorKey);
  const cursor = keyed >= 0 ? keyed : Math.min(Math.max(p.cursor, -1), n - 1);
  const openIndex = p.openKey === null ? -1 : p.keys.indexOf(p.openKey);
  const after = openIndex >= 0 ? openIndex : cursor;
  const [pick, setPick] = useState<OpName>('VFIO_IOMMU_MAP_DMA');
  const [drag, setDrag] = useState<{ from: number; gap: number | null } | null>(null);
  const [win, setWin] = useState(() => {
    const start = Math.max(0, cursor - 50);
    return { start, end: start + WINDOW };
  });

  // Opening the editor shows the current step (in a long scenario it may be far down).
  useEffect(() => {
    if (cursorKey !== null) document.getElementById(handleId(cursorKey))?.scrollIntoView({ block: 'center' });
    // Only on mount: later the user scrolls.
  }, []);

  const start = Math.min(win.start, openIndex >= 0 ? openIndex : win.start);
  const end = Math.max(Math.min(win.end, n), openIndex + 1);

  const add = (at: number) => {
    const key = freshKey();
    const step = newStep(pick, p.steps);
    p.editRows((rows) => insertStep(rows, at, step, key), null);
    p.setOpenKey(key);
    const first = Object.keys(OPS[pick].fields)[0];
    p.setFocusId(fieldId(key, first ?? 'op'));
    if (at >= win.end) setWin((w) => ({ start: w.start, end: at + 1 }));
    p.announce(`Added step ${at}, ${pick}`);
  };
  const move = (from: number, to: number) => {
    const key = p.keys[from];
    p.editRows((rows) => moveStep(rows, from, to), null);
    if (key) p.setFocusId(handleId(key));
    p.announce(`Moved step ${from} to position ${to}`);
  };
  const remove = (i: number) => {
    const key = p.keys[i];
    p.editRows((rows) => deleteStep(rows, i), null);
    if (key === p.openKey) p.setOpenKey(null);
    const next = p.keys[i + 1] ?? p.keys[i - 1];
    if (next) p.setFocusId(handleId(next));
    p.announce(`Deleted step ${i}; Undo brings it back`);
  };
  const duplicate = (i: number) => {
    p.editRows((rows) => duplicateStep(rows, i), null);
    p.announce(`Duplicated step ${i} as step ${i + 1}`);
  };

  const onDragOver = (i: number) => (e: DragEvent<HTMLLIElement>) => {
    if (!drag) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    const r = e.currentTarget.getBoundingClientRect();
    const gap = e.clientY < r.top + r.height / 2 ? i : i + 1;
    if (gap !== drag.gap) setDrag({ ...drag, gap });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    if (drag && drag.gap !== null) {
      const to = drag.gap > drag.from ? drag.gap - 1 : drag.gap;
      if (to !== drag.from) move(drag.from, to);
    }
    setDrag(null);
  };
  // A gap next to the dragged row would not move it: no indicator there.
  const dropAt = (i: number): 'before' | 'after' | null => {
    if (!drag || drag.gap === null || drag.gap === drag.from || drag.gap === drag.from + 1) return null;
    if (drag.gap === i) return 'before';
    if (drag.gap === n && i === n - 1) return 'after';
    return null;
  };

  const afterLabel = after < 0 ? 'as the first step' : `after step ${after}`;
  return (
    <section className="ed-steps" aria-label="Steps">
      <div className="ed-addbar" data-testid="add-bar">
        <label className="ed-addbar-label" htmlFor="ed-add-op">
          Add step
        </label>
        <OpPicker id="ed-add-op" value={pick} onChange={setPick} label="op of the new step" />
        <button type="button" className="btn ed-primary-soft" data-testid="add-step" onClick={() => add(after + 1)}>
          Insert {afterLabel}
        </button>
        {after < n - 1 && (
          <button type="button" className="btn" data-testid="append-step" onClick={() => add(n)}>
            Append
          </button>
        )}
        <span className="ed-help ed-addbar-help">{opHelp(pick)}</span>
      </div>
      {n === 0 && <p className="ed-empty">No steps yet: pick an op and insert it.</p>}
      {start > 0 && (
        <button type="button" className="btn btn-small ed-more" onClick={() => setWin({ start: Math.max(0, start - WINDOW * 2), end })}>
          Show earlier steps ({start} not shown)
        </button>
      )}
      <ol className="ed-list" data-testid="editor-steps">
        {p.steps.slice(start, end).map((step, j) => {
          const i = start + j;
          const key = p.keys[i]!;
          const open = key === p.openKey;
          return (
            <StepRowEditor
              key={key} rowKey={key} index={i} count={n} step={step} open={open} isCursor={i === cursor}
              problems={p.issues.steps.get(i)?.count ?? 0} drop={dropAt(i)}
              onToggle={() => p.setOpenKey(open ? null : key)}
              onMove={(to) => move(i, to)} onDuplicate={() => duplicate(i)} onDelete={() => remove(i)}
              onDragStart={(e) => {
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', String(i));
                const li = (e.currentTarget as HTMLElement).closest('li');
                if (li) e.dataTransfer.setDragImage(li, 16, 12);
                setDrag({ from: i, gap: null });
              }}
              onDragOver={onDragOver(i)} onDrop={onDrop} onDragEnd={() => setDrag(null)}
            >
              {open && (
                <StepForm
                  rowKey={key} index={i} step={step} allSteps={p.steps} handles={handlesBefore(p.steps, i)}
                  onChange={(s, tag) => p.editRows((rows) => replaceStep(rows, i, s), `${key}.${tag}`)}
                />
              )}
            </StepRowEditor>
          );
        })}
      </ol>
      {end < n && (
        <button type="button" className="btn btn-small ed-more" onClick={() => setWin({ start, end: end + WINDOW * 2 })}>
          Show later steps ({n - end} not shown)
        </button>
      )}
    </section>
  );
}

function replaceStep(rows: Rows, i: number, step: Json): Rows {
  const steps = rows.steps.slice();
  steps[i] = step;
  return { steps, keys: rows.keys };
}
