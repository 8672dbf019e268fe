// A list of inclusive IOVA ranges ({ start, last }, as IOMMU_IOAS_ALLOW_IOVAS takes them): one
// row of two hex inputs per range, checked exactly with parseU64; rows are added and removed.

import type { Json } from './doc';
import { rangesOf, rangesValue, u64Problem } from './fieldValues';
import type { RangeRow } from './fieldValues';

export interface RangesEditorProps {
  readonly id: string;
  readonly value: Json | undefined;
  readonly onChange: (v: Json | undefined) => void;
  readonly describedBy?: string | undefined;
}

export function RangesEditor(p: RangesEditorProps) {
  const rows = rangesOf(p.value);
  if (rows === null) {
    return (
      <span className="ed-ranges-bad">
        not a list of {'{ start, last }'} ranges; fix it in the JSON view or{' '}
        <button type="button" id={p.id} className="btn btn-small" onClick={() => p.onChange([])}>
          start an empty list
        </button>
      </span>
    );
  }
  const set = (next: readonly RangeRow[]) => p.onChange(rangesValue(next));
  const edit = (i: number, k: keyof RangeRow, v: string) => set(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  return (
    <span className="ed-ranges" aria-describedby={p.describedBy}>
      {rows.length === 0 && <span className="ed-help">no ranges (an empty list)</span>}
      {rows.map((r, i) => {
        const bad = u64Problem(r.start, false) ?? u64Problem(r.last, false);
        return (
          <span className="ed-range" key={i}>
            <input
              id={i === 0 ? p.id : undefined} className="ed-input ed-mono" type="text" spellCheck={false} aria-label={`range ${i} start`}
              placeholder="start 0x…" value={r.start} aria-invalid={u64Problem(r.start, false) ? true : undefined}
              onChange={(e) => edit(i, 'start', e.currentTarget.value)}
            />
            <span className="ed-range-sep" aria-hidden="true">..</span>
            <input
              className="ed-input ed-mono" type="text" spellCheck={false} aria-label={`range ${i} last (inclusive)`}
              placeholder="last 0x…" value={r.last} aria-invalid={u64Problem(r.last, false) ? true : undefined}
              onChange={(e) => edit(i, 'last', e.currentTarget.value)}
            />
            <button type="button" className="btn btn-small btn-quiet" aria-label={`remove range ${i}`} title="Remove this range" onClick={() => set(rows.filter((_, j) => j !== i))}>
              ×
            </button>
            {bad && <span className="ed-error">{bad}</span>}
          </span>
        );
      })}
      <button
        type="button" id={rows.length === 0 ? p.id : undefined} className="btn btn-small ed-range-add" aria-label="add a range"
        onClick={() => set([...rows, { start: '', last: '' }])}
      >
        + range
      </button>
    </span>
  );
}
