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
  // The first divergence is said in full by the headline just above: not twice.
  const isFirst = row.index === r.first;
  return (
    <div className={`cmp-detail cmp-v-${look.tone}`} data-testid="compare-detail" data-index={row.index} aria-live="polite">
      {isFirst ? (
        <div className="cmp-detail-line muted small">Step {row.index} is the first divergence (said above).</div>
      ) : (
        <div className="cmp-detail-line">
          <VerdictIcon tone={look.tone} />
          <RowSentence row={row} labels={labels} />
        </div>
      )}
      {row.verdict.kind === 'out' && (
        <div className="cmp-detail-sides">
          <SideOut label={labels.a} r={row.a} fields={row.verdict.fields} />
          <SideOut label={labels.b} r={row.b} fields={row.verdict.fields} />
        </div>
      )}
      {/* A 'state' sentence names the first difference itself; other verdicts list them all. */}
      {row.differences.length > (row.verdict.kind === 'state' ? 1 : 0) && (
        <ul className="cmp-detail-diffs" aria-label={row.state === 'converged' ? 'Differences this step closed' : 'Where the DMA state differs'}>
          {row.state === 'converged' && <li className="cmp-detail-diffs-head muted">Closed by this step (before it):</li>}
          {row.differences.slice(row.verdict.kind === 'state' ? 1 : 0).map((d) => (
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

/** The fields that differ, as this side returned them: inline when short, else folded JSON. */
function SideOut({ label, r, fields }: { label: string; r: StepResult | null; fields: readonly string[] }) {
  if (!r || !r.ok) return null;
  const picked: Record<string, unknown> = {};
  for (const f of fields) picked[f] = f === 'ret' ? r.ret : r.out[f];
  const inline = outInline(picked, 120);
  return (
    <div className="cmp-detail-side">
      <b className="cmp-who">{label}</b>{' '}
      {inline !== null ? <span className="mono">{inline}</span> : (
        <details>
          <summary className="mono">{fields.join(', ')}</summary>
          <pre className="cmp-pre">{prettyJson(picked)}</pre>
        </details>
      )}
    </div>
  );
}
