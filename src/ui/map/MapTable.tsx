// The map's accessible twin: the same ranges as a table, lane by lane, with exact hex. Rows are
// virtualized (only those on screen exist), so 100k mappings stay instant; the grid keeps one
// active row for the keyboard (arrows, Page Up/Down, Home/End, Enter selects) and exposes the
// full row count to assistive technology (aria-rowcount / aria-rowindex).

import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { AddressSpaceView, RangeKind } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import { RANGE_STYLE } from '../palette';
import { hexFull, sizeText } from './hexfmt';
import type { RowFilter } from './tableRows';
import { buildRowIndex, rowAt, rowOf } from './tableRows';

const ROW_H = 24;
const VISIBLE_ROWS = 12;
const OVERSCAN = 6;

export interface MapTableProps {
  readonly id: string;
  readonly spaces: readonly AddressSpaceView[];
  readonly selection: Selection;
  readonly onSelect: (sel: Selection) => void;
}

export function MapTable({ id, spaces, selection, onSelect }: MapTableProps) {
  const [filter, setFilter] = useState<RowFilter>({ space: null, kind: null });
  // A lane that disappeared at this step (the filter named it) falls back to every lane.
  const effective: RowFilter = filter.space !== null && !spaces.some((s) => s.id === filter.space) ? { ...filter, space: null } : filter;
  const index = useMemo(() => buildRowIndex(spaces, effective), [spaces, effective.space, effective.kind]);
  const kinds = useMemo(() => {
    const present = new Set<RangeKind>();
    for (const s of spaces) for (const l of s.layers) if (l.first.length) present.add(l.kind);
    return [...present];
  }, [spaces]);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);

  const selectedRow = selection.kind === 'range' ? rowOf(index, selection.space, selection.first, selection.last) : -1;

  // A range selected elsewhere (the map) scrolls into the table and becomes the active row.
  useEffect(() => {
    if (selectedRow < 0) return;
    setActive(selectedRow);
    scrollIntoView(scroller.current, selectedRow);
  }, [selectedRow]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(index.total, Math.ceil((scrollTop + VISIBLE_ROWS * ROW_H) / ROW_H) + OVERSCAN);
  const rows = [];
  for (let r = first; r < last; r++) {
    const row = rowAt(index, r);
    if (!row) continue;
    const { space, range } = row;
    const sel = r === selectedRow;
    rows.push(
      <tr
        key={r}
        id={`${id}-row-${r}`}
        role="row"
        aria-rowindex={r + 2}
        aria-selected={sel}
        className={`${sel ? 'is-selected' : ''} ${r === active ? 'is-active' : ''}`}
        style={{ height: ROW_H }}
        data-testid="map-table-row"
        onClick={() => {
          setActive(r);
          onSelect({ kind: 'range', space: space.id, first: range.first, last: range.last });
        }}
      >
        <td role="gridcell" className="amap-td-lane" title={space.id}>{space.title}</td>
        <td role="gridcell">
          <span className="amap-swatch" style={{ background: `var(${RANGE_STYLE[range.kind].color})` }} />
          {RANGE_STYLE[range.kind].label}
        </td>
        <td role="gridcell" className="mono">{hexFull(range.first)}</td>
        <td role="gridcell" className="mono">{hexFull(range.last)}</td>
        <td role="gridcell" className="mono amap-td-size">{sizeText(range.first, range.last)}</td>
        <td role="gridcell" className="amap-td-label">{range.label ?? ''}</td>
        <td role="gridcell" className="mono">{range.backing !== null ? hexFull(range.backing) : ''}</td>
      </tr>,
    );
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (index.total === 0) return;
    const page = VISIBLE_ROWS - 1;
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: index.total - 1 };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      const r = Math.max(0, Math.min(index.total - 1, to));
      setActive(r);
      scrollIntoView(scroller.current, r);
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const row = rowAt(index, active);
      if (row) onSelect({ kind: 'range', space: row.space.id, first: row.range.first, last: row.range.last });
    }
  };

  return (
    <div className="amap-table" id={id} data-testid="map-table">
      <div className="amap-table-filters">
        <label>
          Lane{' '}
          <select value={effective.space ?? ''} onChange={(e) => setFilter({ ...filter, space: e.target.value || null })}>
            <option value="">every lane</option>
            {spaces.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind{' '}
          <select value={effective.kind ?? ''} onChange={(e) => setFilter({ ...filter, kind: (e.target.value || null) as RangeKind | null })}>
            <option value="">every kind</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {RANGE_STYLE[k].label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small" data-testid="map-table-count">
          {index.total.toLocaleString('en-US')} {index.total === 1 ? 'range' : 'ranges'}
        </span>
      </div>
      <div
        className="amap-table-scroll"
        ref={scroller}
        tabIndex={0}
        role="grid"
        aria-label="Ranges of the address spaces"
        aria-rowcount={index.total + 1}
        aria-activedescendant={index.total ? `${id}-row-${active}` : undefined}
        style={{ maxHeight: (VISIBLE_ROWS + 1) * ROW_H + 2 }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <table>
          <thead>
            <tr role="row" aria-rowindex={1} style={{ height: ROW_H }}>
              <th role="columnheader">Lane</th>
              <th role="columnheader">Kind</th>
              <th role="columnheader">First</th>
              <th role="columnheader">Last</th>
              <th role="columnheader">Size</th>
              <th role="columnheader">Label</th>
              <th role="columnheader">User VA</th>
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr aria-hidden="true" style={{ height: first * ROW_H }} />}
            {rows}
            {last < index.total && <tr aria-hidden="true" style={{ height: (index.total - last) * ROW_H }} />}
          </tbody>
        </table>
        {index.total === 0 && <p className="muted small amap-table-empty">No ranges{effective.space || effective.kind ? ' match the filter' : ' at this step'}.</p>}
      </div>
    </div>
  );
}

/** Scrolls the virtual list so row r is visible (under the sticky header). */
function scrollIntoView(el: HTMLDivElement | null, r: number): void {
  if (!el) return;
  const top = r * ROW_H;
  const bottom = top + 2 * ROW_H; // the header row sits on top
  if (top < el.scrollTop) el.scrollTop = top;
  else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
}
