// The result of the scenario step a tour step stands on, next to its narration: the errno with
// the kernel's reason and source, or "ok" with the out values when they are short, and the
// simulator's note on the result. The inspector shows the same (and the full JSON); here it is
// the evidence the narration points at, in sight whatever the inspector is scrolled to.

import type { StepResult } from '../../worker/protocol';
import { errnoText, outInline, short } from '../format';

const ROWS = 10;
const VALUE_CHARS = 140;

/** Long outputs as one row per field, each value in short form (cut when very long). */
function OutRows({ out }: { out: Record<string, unknown> }) {
  const keys = Object.keys(out).filter((k) => out[k] !== undefined);
  const shown = keys.slice(0, ROWS);
  return (
    <dl className="tour-result-rows">
      {shown.map((k) => {
        const v = short(out[k]);
        return (
          <div key={k} className="tour-result-row">
            <dt>{k}</dt>
            <dd className="mono">{v.length > VALUE_CHARS ? `${v.slice(0, VALUE_CHARS)}…` : v}</dd>
          </div>
        );
      })}
      {keys.length > ROWS && <p className="muted">{keys.length - ROWS} more fields in the inspector</p>}
    </dl>
  );
}

export function StepResultLine({ result }: { result: StepResult }) {
  if (!result.ok) {
    return (
      <div className="tour-result" data-testid="tour-result" data-outcome="errno">
        <p className="tour-result-head">
          <span className="badge badge-err">{errnoText(result.errno)}</span>
          <span className="tour-result-op mono">{result.op}</span>
          {result.partial && <span className="tag tag-warn">partly done</span>}
        </p>
        <p className="tour-result-text">{result.reason}</p>
      </div>
    );
  }
  const inline = outInline(result.out, 120);
  // A bare "ok" says nothing the change strip above the views does not.
  if (inline === '' && !result.note && result.ret === undefined) return null;
  return (
    <div className="tour-result" data-testid="tour-result" data-outcome="ok">
      <p className="tour-result-head">
        <span className="badge badge-ok">{result.ret !== undefined ? `ok, ret ${String(result.ret)}` : 'ok'}</span>
        <span className="tour-result-op mono">{result.op}</span>
      </p>
      {inline === null ? <OutRows out={result.out} /> : inline !== '' && <p className="tour-result-text mono">{inline}</p>}
      {result.note && <p className="tour-result-text">{result.note}</p>}
    </div>
  );
}
