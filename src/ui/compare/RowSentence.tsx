// One step's comparison as a sentence, with structure: the step, each side's name and outcome
// (errno as a tag), the kernel's reason and source, or where the DMA state differs. The plain
// sentence (core/compare/words.ts) is the same words, for copying and for screen readers.

import type { CompareRow, StateDifference } from '../../core/compare';
import { differenceWords } from '../../core/compare/words';
import type { StepResult } from '../../worker/protocol';

export function RowSentence({ row, labels }: { row: CompareRow; labels: { a: string; b: string } }) {
  const v = row.verdict;
  return (
    <span className="cmp-sentence">
      <span className="cmp-sentence-step">step {row.index}:</span>{' '}
      {v.kind === 'one-fails' || v.kind === 'errno' ? (
        <>
          <Outcome label={labels.a} r={row.a} /> <span className="cmp-sep">·</span> <Outcome label={labels.b} r={row.b} />
        </>
      ) : v.kind === 'out' ? (
        <>both ok, but the output differs in <span className="mono">{v.fields.join(', ')}</span></>
      ) : v.kind === 'state' ? (
        <>
          same result ({row.a?.ok ? 'ok' : row.a?.errno}), but the step changed the DMA state differently
          {row.differences[0] && <>: <Difference d={row.differences[0]} labels={labels} /></>}
        </>
      ) : v.kind === 'not-run' ? (
        <>{v.side === 'both' ? 'neither side' : v.side === 'a' ? labels.a : labels.b} did not run it (a simulator bug stopped that run)</>
      ) : (
        <>same on both ({row.a ? (row.a.ok ? 'ok' : row.a.errno) : '?'}){row.state === 'converged' ? '; the DMA state is the same again' : ''}</>
      )}
    </span>
  );
}

function Outcome({ label, r }: { label: string; r: StepResult | null }) {
  if (!r) return <span><b className="cmp-who">{label}</b> did not run</span>;
  if (r.ok) {
    return (
      <span>
        <b className="cmp-who">{label}</b> <span className="tag tag-ok">ok{r.ret !== undefined ? ` (ret ${String(r.ret)})` : ''}</span>
      </span>
    );
  }
  return (
    <span>
      <b className="cmp-who">{label}</b> <span className="tag tag-err">{r.errno}</span> <span className="cmp-reason">{r.reason}</span>{' '}
      <span className="cmp-source mono">{r.source}</span>
    </span>
  );
}

export function Difference({ d, labels }: { d: StateDifference; labels: { a: string; b: string } }) {
  return <span className="cmp-diff mono">{differenceWords(d, labels)}</span>;
}
