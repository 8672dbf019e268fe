// A step's `expect`: nothing, success (optionally with `out` values that must match), failure
// with a given errno, or failure with any errno. Maps to { ok: true, out }, { errno }, { ok: false }.

import { ERRNOS, ERRNO_NUMBER } from '../../core/errno';
import type { Errno } from '../../core/errno';
import type { ScenarioIssue } from '../../core/scenario/types';
import type { Json, JsonObject } from './doc';
import { isObject } from './doc';
import { JsonInput } from './JsonInput';

type Mode = 'none' | 'ok' | 'errno' | 'fail';

export interface ExpectEditorProps {
  readonly id: string;
  readonly value: Json | undefined;
  readonly onChange: (v: Json | undefined) => void;
  readonly issues: readonly ScenarioIssue[];
}

export function modeOf(v: Json | undefined): Mode | 'other' {
  if (v === undefined) return 'none';
  if (!isObject(v)) return 'other';
  if (typeof v.errno === 'string') return 'errno';
  if (v.ok === false) return 'fail';
  if (v.ok === true || v.out !== undefined) return 'ok';
  return 'other';
}

export function expectFor(mode: Mode, prev: Json | undefined): Json | undefined {
  const p: JsonObject = isObject(prev) ? prev : {};
  switch (mode) {
    case 'none': return undefined;
    case 'ok': return p.out !== undefined ? { ok: true, out: p.out } : { ok: true };
    case 'errno': return { errno: typeof p.errno === 'string' ? p.errno : 'EINVAL' };
    case 'fail': return { ok: false };
    default: {
      const never: never = mode;
      return never;
    }
  }
}

const LABELS: Record<Mode, string> = { none: 'no check', ok: 'succeeds', errno: 'fails with', fail: 'fails (any errno)' };

export function ExpectEditor(p: ExpectEditorProps) {
  const mode = modeOf(p.value);
  const obj = isObject(p.value) ? p.value : {};
  const errId = `${p.id}-err`;
  const messages = p.issues.map((i) => `${i.where.replace(/^steps\[\d+\]\./, '')}: ${i.message}`);
  return (
    <div className="ed-field" data-field="expect" data-invalid={messages.length > 0 ? 'true' : undefined}>
      <span className="ed-label" id={`${p.id}-label`}>
        <span className="ed-label-name">expect</span>
        <span className="ed-label-opt">optional</span>
      </span>
      <div className="ed-control">
        <span className="ed-expect" role="radiogroup" aria-labelledby={`${p.id}-label`} aria-describedby={messages.length ? errId : undefined}>
          {(['none', 'ok', 'errno', 'fail'] as const).map((m, i) => (
            <label key={m} className="ed-check">
              <input
                id={i === 0 ? p.id : `${p.id}-${m}`} type="radio" name={p.id} checked={mode === m}
                onChange={() => p.onChange(expectFor(m, p.value))}
              />
              {LABELS[m]}
            </label>
          ))}
          {mode === 'errno' && (
            <select
              className="ed-select ed-mono" aria-label="expected errno" value={typeof obj.errno === 'string' ? obj.errno : ''}
              onChange={(e) => p.onChange({ ...obj, errno: e.currentTarget.value })}
            >
              {(ERRNOS as readonly string[]).includes(String(obj.errno)) ? null : <option value={String(obj.errno)}>{String(obj.errno)} (unknown)</option>}
              {ERRNOS.map((e) => (
                <option key={e} value={e}>
                  {e} ({ERRNO_NUMBER[e as Errno]})
                </option>
              ))}
            </select>
          )}
        </span>
        {mode === 'other' && <span className="ed-help">this expect has a shape the form does not show; pick one above or edit it in the JSON view</span>}
        {mode === 'ok' && (
          <span className="ed-out">
            <span className="ed-help">out: the values that must match (64-bit values compare by value); empty for any</span>
            <JsonInput
              id={`${p.id}-out`} label="expected out (JSON object)" rows={2} value={obj.out} placeholder='{ "iova": "0x100000" }'
              onChange={(v) => p.onChange(v === undefined ? { ok: true } : { ok: true, out: v })}
            />
          </span>
        )}
        {messages.length > 0 && (
          <span className="ed-error" id={errId} data-testid="field-error" role="alert">
            {messages.join('; ')}
          </span>
        )}
      </div>
    </div>
  );
}
