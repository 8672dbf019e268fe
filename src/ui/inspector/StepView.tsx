// With nothing selected, the inspector shows the current step: its op and fields in short
// form, its result (out, or errno with the kernel's reason and source), its note, and what it
// changed. Before the first step: what the machine has.

import type { Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { Step, StepResult } from '../../worker/protocol';
import { errnoText, outInline, prettyJson, short, stepArgs } from '../format';
import { NODE_STYLE } from '../palette';
import { NODE_KINDS } from '../graph/model';

export interface StepViewProps {
  readonly snapshot: Snapshot;
  readonly step: Step | null;
  readonly result: StepResult | null;
  readonly onSelect: (sel: Selection) => void;
}

export function StepView({ snapshot, step, result, onSelect }: StepViewProps) {
  if (!step) return <MachineView snapshot={snapshot} />;
  return (
    <div data-testid="inspector-step" data-step={snapshot.step}>
      <header className="insp-head">
        <div className="insp-kind">step {snapshot.step}</div>
        <h3 className="insp-title mono">{step.op}</h3>
      </header>
      <section className="insp-section">
        <dl className="insp-kv">
          {stepArgs(step).map((a) => (
            <div key={a.name} className="insp-kv-row">
              <dt>{a.name}</dt>
              <dd>
                <code className={a.handle ? 'insp-handle' : undefined}>{a.value}</code>
              </dd>
            </div>
          ))}
          {step.as && (
            <div className="insp-kv-row">
              <dt>as</dt>
              <dd>
                <code className="insp-handle">{step.as}</code>
              </dd>
            </div>
          )}
        </dl>
      </section>
      {result && <ResultSection result={result} />}
      {step.note && (
        <section className="insp-section">
          <h4 className="insp-h">Note</h4>
          <p className="insp-note-text">{step.note}</p>
        </section>
      )}
      <Changes snapshot={snapshot} onSelect={onSelect} />
    </div>
  );
}

function ResultSection({ result }: { result: StepResult }) {
  if (!result.ok) {
    return (
      <section className="insp-section" data-testid="inspector-result" data-outcome="errno">
        <h4 className="insp-h">Result</h4>
        <p>
          <span className="badge badge-err">{errnoText(result.errno)}</span>
          {result.partial && <span className="tag tag-warn">partly done</span>}
        </p>
        <p className="insp-reason">{result.reason}</p>
        <p className="insp-source mono small muted">{result.source}</p>
      </section>
    );
  }
  const inline = outInline(result.out);
  return (
    <section className="insp-section" data-testid="inspector-result" data-outcome="ok">
      <h4 className="insp-h">Result</h4>
      <p>
        <span className="badge badge-ok">{result.ret !== undefined ? `ok, ret ${String(result.ret)}` : 'ok'}</span>
        {inline !== null && inline !== '' && <code className="insp-out">{inline}</code>}
      </p>
      {inline === null && <OutFields out={result.out} />}
      {result.note && <p className="insp-reason">{result.note}</p>}
    </section>
  );
}

/** A long result: a row per field; a long or nested value folds into its JSON. */
function OutFields({ out }: { out: Record<string, unknown> }) {
  const keys = Object.keys(out).filter((k) => out[k] !== undefined);
  return (
    <dl className="insp-kv insp-out-fields" data-testid="inspector-out">
      {keys.map((k) => {
        const v = short(out[k]);
        return (
          <div key={k} className="insp-kv-row">
            <dt>{k}</dt>
            <dd className="mono">
              {v.length <= OUT_FIELD_CHARS ? (
                v
              ) : (
                <details>
                  <summary>{v.slice(0, OUT_FIELD_CHARS - 20)}…</summary>
                  <pre className="insp-json">{prettyJson(out[k])}</pre>
                </details>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
const OUT_FIELD_CHARS = 90;

function Changes({ snapshot, onSelect }: { snapshot: Snapshot; onSelect: (sel: Selection) => void }) {
  const c = snapshot.changes;
  const groups = [
    { what: 'added' as const, ids: c.addedNodes },
    { what: 'changed' as const, ids: c.changedNodes },
    { what: 'removed' as const, ids: c.removedNodes },
  ].filter((g) => g.ids.length > 0);
  if (c.summary.length === 0 && groups.length === 0) return null;
  const byId = new Map(snapshot.nodes.map((n) => [n.id, n]));
  return (
    <section className="insp-section" data-testid="inspector-changes">
      <h4 className="insp-h">Changes</h4>
      {groups.length > 0 && (
        <dl className="insp-kv">
          {groups.map(({ what, ids }) => (
            <div key={what} className="insp-kv-row">
              <dt className={`insp-change-${what}`}>{what}</dt>
              <dd>
                {ids.map((id) => {
                  const n = byId.get(id);
                  // A removed object is gone from this snapshot: named, still selectable (the
                  // graph draws its ghost).
                  return (
                    <button key={id} type="button" className="insp-link" onClick={() => onSelect({ kind: 'node', id })}>
                      {n ? (
                        <>
                          <span className="insp-swatch insp-swatch-small" style={{ background: `var(${NODE_STYLE[n.kind].color})` }} aria-hidden="true" />
                          {n.label}
                        </>
                      ) : (
                        <code>{id}</code>
                      )}
                    </button>
                  );
                })}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {c.summary.length > 0 && (
        <ul className="insp-list insp-changes">
          {c.summary.map((l, i) => (
            <li key={i} className="mono small">
              {l}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MachineView({ snapshot }: { snapshot: Snapshot }) {
  const counts = NODE_KINDS.map((k) => ({ k, n: snapshot.nodes.filter((x) => x.kind === k).length })).filter((x) => x.n > 0);
  return (
    <div data-testid="inspector-step" data-step={snapshot.step}>
      <header className="insp-head">
        <div className="insp-kind">{snapshot.step < 0 ? 'before the first step' : `step ${snapshot.step}`}</div>
        <h3 className="insp-title">The machine</h3>
      </header>
      <section className="insp-section">
        <dl className="insp-kv">
          {counts.map(({ k, n }) => (
            <div key={k} className="insp-kv-row">
              <dt>{NODE_STYLE[k].label}</dt>
              <dd>{n}</dd>
            </div>
          ))}
          <div className="insp-kv-row">
            <dt>address spaces</dt>
            <dd>{snapshot.spaces.length}</dd>
          </div>
        </dl>
        <p className="small muted">Select an object in the graph or a range in the map to inspect it.</p>
      </section>
    </div>
  );
}
