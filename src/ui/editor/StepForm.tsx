// The form of one step: its op (changing it keeps the fields both ops have), the op's uAPI fields
// in table order, `as`, `expect` and `note`, and any field the op does not have (a typo, shown
// with the parser's message and a remove button). Checked as you type with parseStep, the same
// per-step check the whole-document parser makes.

import { useMemo } from 'react';
import { OPS } from '../../core/scenario/ops';
import type { FieldSpec, OpName } from '../../core/scenario/ops';
import { parseStep } from '../../core/scenario/parse';
import type { Json, JsonObject } from './doc';
import { isObject, setKey, stepKeyOrder } from './doc';
import { ExpectEditor } from './ExpectEditor';
import { FieldControl } from './FieldControl';
import { textOf } from './fieldValues';
import type { HandleChoice } from './handles';
import { sortIssues } from './issues';
import { fieldId } from './ids';
import { OpPicker, opHelp } from './OpPicker';
import { changeOp, isKnownOp } from './stepOps';

export interface StepFormProps {
  readonly rowKey: string;
  readonly index: number;
  readonly step: Json;
  readonly allSteps: readonly Json[];
  readonly handles: readonly HandleChoice[];
  readonly onChange: (step: Json, tag: string) => void;
}

const AS_SPEC: FieldSpec = { kind: 'string', help: 'names the handle this step creates; later steps refer to it' };
const NOTE_ID = 'note';

export function StepForm(p: StepFormProps) {
  const { step, index } = p;
  const immediate = useMemo(() => {
    const r = parseStep(step, index);
    return 'issues' in r ? r.issues : [];
  }, [step, index]);
  // The per-step check covers every structural rule; the one cross-step rule (a handle must be
  // created by an earlier step) is checked by the handle control itself. The whole-document
  // check lags the text by a moment, so it is not used here (it would flash stale errors).
  const sorted = useMemo(() => sortIssues(immediate), [immediate]);
  const mine = sorted.steps.get(index);
  const fieldIssues = (f: string) => mine?.byField.get(f) ?? [];

  if (!isObject(step)) {
    return (
      <div className="ed-form" data-testid="step-form">
        <p className="ed-error">This step is {JSON.stringify(step)?.slice(0, 40)}, not an object with an "op"; fix it in the JSON view, or delete it.</p>
      </div>
    );
  }
  const op = textOf(step.op);
  const known = isKnownOp(step.op);
  const spec = known ? OPS[step.op as OpName] : null;
  const order = stepKeyOrder(step.op);
  const set = (k: string, v: Json | undefined) => p.onChange(setKey(step, k, v, order), k);
  const opId = fieldId(p.rowKey, 'op');
  const general = mine?.general ?? [];
  const extra = Object.keys(step).filter((k) => !order.includes(k) || (k === 'as' && spec && !('as' in spec)));

  return (
    <div className="ed-form" data-testid="step-form" data-index={index}>
      <div className="ed-field" data-field="op" data-invalid={general.length > 0 ? 'true' : undefined}>
        <label className="ed-label" htmlFor={opId}>
          <span className="ed-label-name">op</span>
        </label>
        <div className="ed-control">
          <OpPicker id={opId} value={op} onChange={(o) => p.onChange(changeOp(step, o, p.allSteps), 'op')} describedBy={general.length ? `${opId}-err` : undefined} />
          {opHelp(op) && <span className="ed-help">{opHelp(op)}</span>}
          {general.length > 0 && (
            <span className="ed-error" id={`${opId}-err`} data-testid="field-error" role="alert">
              {general.map((i) => i.message).join('; ')}
            </span>
          )}
        </div>
      </div>
      {spec &&
        Object.entries(spec.fields).map(([name, f]) => (
          <FieldControl
            key={name} id={fieldId(p.rowKey, name)} name={name} spec={f} value={step[name]} handles={p.handles}
            issues={fieldIssues(name)} onChange={(v) => set(name, v)}
          />
        ))}
      {spec && 'as' in spec && (
        <FieldControl
          id={fieldId(p.rowKey, 'as')} name="as" spec={{ ...AS_SPEC, optional: spec.as !== 'required' }} value={step.as} handles={[]}
          issues={fieldIssues('as')} onChange={(v) => set('as', v)}
        />
      )}
      <ExpectEditor id={fieldId(p.rowKey, 'expect')} value={step.expect} issues={fieldIssues('expect')} onChange={(v) => set('expect', v)} />
      <div className="ed-field" data-field="note">
        <label className="ed-label" htmlFor={fieldId(p.rowKey, NOTE_ID)}>
          <span className="ed-label-name">note</span>
          <span className="ed-label-opt">optional</span>
        </label>
        <div className="ed-control">
          <textarea
            id={fieldId(p.rowKey, NOTE_ID)} className="ed-input ed-textarea" rows={2} value={textOf(step.note)}
            placeholder="narration shown when the step is reached: the rule, and the kernel function that applies it"
            onChange={(e) => set('note', e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
          />
          {fieldIssues('note').length > 0 && <span className="ed-error" data-testid="field-error">{fieldIssues('note').map((i) => i.message).join('; ')}</span>}
        </div>
      </div>
      {extra.map((k) => (
        <div className="ed-field" data-field={k} data-invalid="true" key={k}>
          <span className="ed-label">
            <span className="ed-label-name">{k}</span>
          </span>
          <div className="ed-control">
            <code className="ed-extra-value">{JSON.stringify(step[k])?.slice(0, 200)}</code>
            <button type="button" id={fieldId(p.rowKey, k)} className="btn btn-small" onClick={() => set(k, undefined)}>
              Remove field
            </button>
            <span className="ed-error" data-testid="field-error" role="alert">
              {(fieldIssues(k).map((i) => i.message).join('; ')) || `${op} has no field "${k}"`}
            </span>
          </div>
        </div>
      ))}
    </div>
  );
}
