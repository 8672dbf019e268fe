// One page walk, drawn for a narrow side panel first: the answer (translated address or
// fault) at the top, then how: the format, the address's bits by level, the levels visited;
// what the model assumes; then the whole table's occupancy.

import type { Occupancy } from '../../core/pagetable/occupancy';
import { FRESH_TABLE_ASSUMPTION } from '../../core/pagetable/occupancy';
import { LEAF_ASSUMPTION } from '../../core/pagetable/leaves';
import type { Walk } from '../../core/pagetable/walk';
import type { PageWalkResult } from '../../core/view/types';
import { BitStrip } from './BitStrip';
import { levelLayout } from './bits';
import { fixedFormat, formatInfo } from './formatInfo';
import { OccupancySummary } from './OccupancySummary';
import { tceSizes } from './tce';
import { exactSize, hex, spanText } from './text';
import type { SpanPick } from './WalkLevels';
import { WalkLevels, WalkResult } from './WalkLevels';

function FormatLine({ walk, occ }: { walk: Walk; occ: Occupancy | null }) {
  const format = fixedFormat(walk);
  const info = formatInfo(walk, format, levelLayout(walk, format), occ);
  return (
    <div className="ptv-format" data-testid="ptv-format" data-format={walk.format}>
      <div className="ptv-format-title">{info.title}</div>
      <div className="ptv-format-facts">
        {info.levels && <span>{info.levels}</span>}
        {info.granule !== null && <span>granule {exactSize(info.granule)}</span>}
        {info.leaves && <span>leaves {info.leaves}</span>}
      </div>
      {(info.source || info.notes.length > 0) && (
        <details className="ptv-details">
          <summary>Source{info.notes.length > 0 ? ` and notes (${info.notes.length})` : ''}</summary>
          {info.source && <div className="ptv-source">{info.source}</div>}
          {info.notes.length > 0 && (
            <ul>
              {info.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </details>
      )}
    </div>
  );
}

/** A short name for each assumption the core attaches, for the collapsed note's summary. */
function assumptionGist(a: string): string {
  if (a === LEAF_ASSUMPTION) return "leaf sizes follow the user VA's alignment (physical addresses are unknown)";
  if (a === FRESH_TABLE_ASSUMPTION) return 'tables counted as if freshly mapped';
  return a.length > 60 ? a.slice(0, 57) + '…' : a;
}

function Assumptions({ items, label }: { items: readonly string[]; label: string }) {
  if (items.length === 0) return null;
  return (
    <details className="ptv-details ptv-assumptions" data-testid="ptv-assumptions">
      <summary>
        {label}: {items.map(assumptionGist).join('; ')}
      </summary>
      <ul>
        {items.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
    </details>
  );
}

function AddressLine({ walk }: { walk: Walk }) {
  if (!walk.window) {
    return (
      <div className="ptv-addr">
        <span className="ptv-muted">{walk.kind === 'tce' ? 'bus address' : 'IOVA'}</span> <span className="ptv-mono ptv-strong" data-testid="ptv-walked-iova">{hex(walk.iova)}</span>
      </div>
    );
  }
  const w = walk.window;
  return (
    <div className="ptv-addr">
      <span className="ptv-muted">bus address</span> <span className="ptv-mono ptv-strong" data-testid="ptv-walked-iova">{hex(walk.iova)}</span>
      <span className="ptv-muted"> in window {w.slot} </span>
      <span className="ptv-mono">{spanText(w.start, w.start + w.size - 1n)}</span>
      <span className="ptv-muted"> · offset </span>
      <span className="ptv-mono">{hex(walk.iova - w.start)}</span>
    </div>
  );
}

export function WalkDetails({ result, stale, onPick }: { result: PageWalkResult; stale: boolean; onPick: SpanPick }) {
  const { walk, occupancy } = result;
  const busy = stale ? ' ptv-stale' : '';
  if (!walk) {
    return (
      <div className={`ptv-body${busy}`}>
        <p className="ptv-empty" data-testid="ptv-no-walk">{result.why ?? 'This space has no page table to walk.'}</p>
        {occupancy && <OccupancySummary occ={occupancy} tce={null} tables={result.tables} />}
      </div>
    );
  }
  const format = fixedFormat(walk);
  const layout = levelLayout(walk, format);
  const seen = new Set(walk.assumptions);
  const occNotes = (occupancy?.assumptions ?? []).filter((a) => !seen.has(a));
  return (
    <div className={`ptv-body${busy}`} aria-busy={stale || undefined}>
      <WalkResult walk={walk} />
      <FormatLine walk={walk} occ={occupancy} />
      <AddressLine walk={walk} />
      <BitStrip walk={walk} layout={layout} />
      <WalkLevels walk={walk} onPick={onPick} />
      <Assumptions items={walk.assumptions} label="Assumed" />
      {occupancy && <OccupancySummary occ={occupancy} tce={tceSizes(walk, layout, occupancy)} tables={result.tables} />}
      <Assumptions items={occNotes} label="Occupancy notes" />
    </div>
  );
}
