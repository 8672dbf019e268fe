// One step in the editor's list: a drag handle (also the keyboard handle: arrow keys move the
// step), its index, op and arguments in one dense line, its expect and problem count, and the
// row's actions (move up/down, duplicate, delete). The form opens below the line.

import type { DragEvent, KeyboardEvent, ReactNode } from 'react';
import { OPS } from '../../core/scenario/ops';
import type { OpName } from '../../core/scenario/ops';
import { short } from '../format';
import type { Json } from './doc';
import { isObject } from './doc';
import { IconCopy, IconDelete, IconDown, IconGrip, IconUp } from './icons';
import { handleId } from './ids';
import { plural } from './issues';
import { isKnownOp } from './stepOps';

export interface StepRowEditorProps {
  readonly rowKey: string;
  readonly index: number;
  readonly count: number;
  readonly step: Json;
  readonly open: boolean;
  readonly isCursor: boolean;
  readonly problems: number;
  /** Where a dragged step would land relative to this row. */
  readonly drop: 'before' | 'after' | null;
  readonly onToggle: () => void;
  readonly onMove: (to: number) => void;
  readonly onDuplicate: () => void;
  readonly onDelete: () => void;
  readonly onDragStart: (e: DragEvent) => void;
  readonly onDragOver: (e: DragEvent<HTMLLIElement>) => void;
  readonly onDrop: (e: DragEvent) => void;
  readonly onDragEnd: () => void;
  readonly children?: ReactNode;
}

export function StepRowEditor(p: StepRowEditorProps) {
  const s = isObject(p.step) ? p.step : null;
  const op = s ? String(s.op ?? '(no op)') : '(not an object)';
  const onHandleKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowUp' && p.index > 0) p.onMove(p.index - 1);
    else if (e.key === 'ArrowDown' && p.index < p.count - 1) p.onMove(p.index + 1);
    else if (e.key === 'Home' && p.index > 0) p.onMove(0);
    else if (e.key === 'End' && p.index < p.count - 1) p.onMove(p.count - 1);
    else return;
    e.preventDefault();
  };
  const cls = ['ed-row', p.open && 'ed-row-open', p.isCursor && 'ed-row-cursor', p.problems > 0 && 'ed-row-bad', p.drop && `ed-drop-${p.drop}`].filter(Boolean).join(' ');
  return (
    <li className={cls} data-testid="editor-step" data-index={p.index} data-op={op} data-key={p.rowKey} onDragOver={p.onDragOver} onDrop={p.onDrop}>
      <div className="ed-row-line">
        <button
          type="button" id={handleId(p.rowKey)} className="ed-drag" draggable onDragStart={p.onDragStart} onDragEnd={p.onDragEnd} onKeyDown={onHandleKey}
          aria-label={`Move step ${p.index} (${op}): arrow keys up and down`} title="Drag to reorder, or focus and use the arrow keys" aria-keyshortcuts="ArrowUp ArrowDown Home End"
          data-testid="drag-handle"
        >
          <IconGrip />
        </button>
        <span className="ed-row-index">{p.index}</span>
        <button type="button" className="ed-row-main" aria-expanded={p.open} onClick={p.onToggle} data-testid="step-toggle" title={p.open ? 'Close the form' : 'Edit this step'}>
          <span className="ed-row-op">{op}</span>
          <span className="ed-row-args">{s ? summary(s) : ''}</span>
        </button>
        <span className="ed-row-tags">
          {p.isCursor && <span className="tag" title="The step the explorer is at">current</span>}
          {s && s.expect !== undefined && <span className="tag">expect {expectWord(s.expect)}</span>}
          {p.problems > 0 && <span className="tag tag-err" data-testid="step-problems">{plural(p.problems, 'problem')}</span>}
        </span>
        <span className="ed-row-actions">
          <button type="button" className="ed-icon" aria-label={`Move step ${p.index} up`} title="Move up" disabled={p.index === 0} onClick={() => p.onMove(p.index - 1)} data-testid="move-up">
            <IconUp />
          </button>
          <button type="button" className="ed-icon" aria-label={`Move step ${p.index} down`} title="Move down" disabled={p.index >= p.count - 1} onClick={() => p.onMove(p.index + 1)} data-testid="move-down">
            <IconDown />
          </button>
          <button type="button" className="ed-icon" aria-label={`Duplicate step ${p.index}`} title="Duplicate" onClick={p.onDuplicate} data-testid="duplicate">
            <IconCopy />
          </button>
          <button type="button" className="ed-icon ed-icon-danger" aria-label={`Delete step ${p.index}`} title="Delete (undo brings it back)" onClick={p.onDelete} data-testid="delete">
            <IconDelete />
          </button>
        </span>
      </div>
      {p.children}
    </li>
  );
}

/** The step's arguments as the step list shows them: name=value in table order, then → as. */
function summary(s: Readonly<Record<string, Json>>): string {
  const fields = isKnownOp(s.op) ? Object.keys(OPS[s.op as OpName].fields) : [];
  const rest = Object.keys(s).filter((k) => !['op', 'as', 'expect', 'note'].includes(k) && !fields.includes(k));
  const parts = [...fields, ...rest].filter((k) => s[k] !== undefined).map((k) => `${k}=${short(s[k])}`);
  if (typeof s.as === 'string') parts.push(`→ ${s.as}`);
  return parts.join('  ');
}

function expectWord(e: Json): string {
  if (!isObject(e)) return '?';
  if (typeof e.errno === 'string') return e.errno;
  if (e.ok === false) return 'failure';
  return 'ok';
}
