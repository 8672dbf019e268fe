// The headline of a comparison: the first divergence (or that there is none, or why nothing was
// compared), how to get there and to the others, and what was known before running.

import type { CompareResult, VerdictKind } from '../../core/compare';
import { rowSentence } from '../../core/compare/words';
import { RowSentence } from './RowSentence';
import { KIND_WORDS, verdictLook } from './verdictUi';
import { VerdictIcon } from './VerdictIcon';

export function Headline(props: { result: CompareResult; cursor: number; onGo: (step: number) => void }) {
  const { result: r, cursor, onGo } = props;
  const labels = { a: r.a.label, b: r.b.label };
  const first = r.first === null ? null : r.rows[r.first]!;
  const prev = [...r.divergences].reverse().find((i) => i < cursor);
  const next = r.divergences.find((i) => i > cursor);
  return (
    <div className="cmp-head">
      {r.blocked ? (
        <div className="cmp-headline cmp-headline-blocked" data-testid="compare-headline" data-first="blocked" role="status">
          <span className="cmp-headline-kicker">
            <VerdictIcon tone="none" size={12} />
            Not compared
          </span>
          <ul className="cmp-blockers">
            {r.incompatibilities.filter((x) => x.severity === 'blocker').map((x, i) => (
              <li key={i}>
                side {x.side === 'both' ? 'A and B' : x.side.toUpperCase()}: {x.message} <span className="cmp-source mono">{x.source}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : first ? (
        <div className="cmp-headline" data-testid="compare-headline" data-first={first.index} role="status" aria-label={rowSentence(first, labels)}>
          <span className="cmp-headline-kicker">
            <VerdictIcon tone={verdictLook(first, labels).tone} size={12} />
            First divergence
          </span>
          <RowSentence row={first} labels={labels} />
        </div>
      ) : (
        <p className="cmp-headline cmp-headline-none" data-testid="compare-headline" data-first="none" role="status">
          {r.headline}
        </p>
      )}
      {!r.blocked && (
        <div className="cmp-nav">
          {first && (
            <button type="button" className="btn btn-small cmp-go-first" data-testid="compare-go-first" onClick={() => onGo(first.index)} disabled={cursor === first.index}>
              Go to step {first.index}
            </button>
          )}
          <button type="button" className="btn btn-small" data-testid="compare-prev" disabled={prev === undefined} onClick={() => prev !== undefined && onGo(prev)} title="The previous divergent step (key P in the table)">
            ‹ Previous
          </button>
          <button type="button" className="btn btn-small" data-testid="compare-next" disabled={next === undefined} onClick={() => next !== undefined && onGo(next)} title="The next divergent step (key N in the table)">
            Next ›
          </button>
          <Counts result={r} />
        </div>
      )}
      <Notes result={r} />
    </div>
  );
}

function Counts({ result }: { result: CompareResult }) {
  const by = new Map<Exclude<VerdictKind, 'same'>, number>();
  for (const i of result.divergences) {
    const k = result.rows[i]!.verdict.kind;
    if (k !== 'same') by.set(k, (by.get(k) ?? 0) + 1);
  }
  const n = result.divergences.length;
  return (
    <span className="cmp-counts muted small" data-testid="compare-counts">
      {n === 0 ? `${result.rows.length} steps, none divergent` : `${n} of ${result.rows.length} steps differ: `}
      {[...by].map(([k, c], i) => (
        <span key={k}>{i > 0 ? ', ' : ''}{c} {KIND_WORDS[k]}</span>
      ))}
    </span>
  );
}

/** Warnings said before running (blockers are the headline) and the state comparison's limits. */
function Notes({ result }: { result: CompareResult }) {
  const notes = result.incompatibilities.filter((x) => x.severity === 'warning');
  if (notes.length === 0 && !result.stateNote) return null;
  return (
    <details className="cmp-notes" data-testid="compare-notes">
      <summary>
        {notes.length > 0 ? `${notes.length} ${notes.length === 1 ? 'note' : 'notes'} before running` : 'Note'}
        <span className="muted">
          {notes.length > 0 ? ': what cannot mean the same on both hosts (the steps run as written)' : `: ${result.stateNote}`}
        </span>
      </summary>
      <ul>
        {notes.map((x, i) => (
          <li key={i} data-severity={x.severity}>
            <span className="tag tag-warn">{x.side === 'both' ? 'both' : x.side.toUpperCase()}</span> {x.message}{' '}
            <span className="cmp-source mono">{x.source}</span>
          </li>
        ))}
        {result.stateNote && notes.length > 0 && <li>{result.stateNote}</li>}
      </ul>
    </details>
  );
}
