// The current row in full: the sentence, then what each side returned (the kernel's reason and
// source, or the output), and where the DMA state differs (each key's first differing IOVA).

import type { CompareResult } from '../../core/compare';
import type { StepResult } from '../../worker/protocol';
import { outInline, prettyJson } from '../format';
import { Difference, RowSentence } from './RowSentence';
import { verdictLook } from './verdictUi';
import { VerdictIcon } from './VerdictIcon';

export function RowDetail({ result: r, cursor }: { result: CompareResult; cursor: number }) {
  const labels = { a: r.a.label, b: r.b.label };
  const row = cursor >= 0 ? r.rows[cursor] : undefined;
  if (!row) {
    return <div className="cmp-detail muted small" data-testid="compare-detail">Before the first step: both machines are as the scenario's devices leave them.</div>;
  }
  const look = verdictLook(row, labels);
  return (
    <div className={`cmp-detail cmp-v-${look.tone}`} data-testid="compare-detail" data-index={row.index} aria-live="polite">
      <div className="cmp-detail-line">
        <VerdictIcon tone={look.tone} />
        <RowSentence row={row} labels={labels} />
      </div>
      {(row.verdict.kind === 'out' || (row.a?.ok && row.b?.ok && row.inspectNotComparable)) && (
        <div className="cmp-detail-sides">
          <SideOut label={labels.a} r={row.a} />
          <SideOut label={labels.b} r={row.b} />
        </div>
      )}
      {row.differences.length > 1 && (
        <ul className="cmp-detail-diffs">
          {row.differences.slice(1).map((d) => (
            <li key={d.key}><Difference d={d} labels={labels} /></li>
          ))}
        </ul>
      )}
      {row.state === 'differs' && row.differsSince !== null && (
        <div className="muted small">The DMA state still differs as it did after step {row.differsSince}; this step did the same on both sides.</div>
      )}
    </div>
  );
}

function SideOut({ label, r }: { label: string; r: StepResult | null }) {
  if (!r || !r.ok) return null;
  const inline = outInline(r.out, 140);
  return (
    <div className="cmp-detail-side">
      <b className="cmp-who">{label}</b>{' '}
      {inline !== null ? <span className="mono">{inline || '(no output)'}</span> : (
        <details>
          <summary className="mono">{Object.keys(r.out).join(', ')}</summary>
          <pre className="cmp-pre">{prettyJson(r.out)}</pre>
        </details>
      )}
    </div>
  );
}
