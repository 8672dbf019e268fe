// One uAPI field of a step, with the control its kind calls for (ops.ts FieldKind): 64-bit
// values as hex text checked exactly (parseU64, as the parser does), small ints, handles picked
// from the names earlier steps created (or typed), enums as selects, flags as checkboxes, ranges
// as a small list. The value is the raw JSON; an invalid entry is kept for the parser to report.

import { useState } from 'react';
import type { FieldSpec } from '../../core/scenario/ops';
import type { ScenarioIssue } from '../../core/scenario/types';
import { formatSize } from '../../core/u64';
import type { Json } from './doc';
import { flagsOf, flagsValue, intProblem, intValue, textOf, u64Of, u64Problem, u64Value } from './fieldValues';
import type { HandleChoice } from './handles';
import { JsonInput } from './JsonInput';
import { RangesEditor } from './RangesEditor';

export interface FieldControlProps {
  readonly id: string;
  readonly name: string;
  readonly spec: FieldSpec;
  readonly value: Json | undefined;
  readonly onChange: (v: Json | undefined) => void;
  /** The parser's issues for this field. */
  readonly issues: readonly ScenarioIssue[];
  /** Handles created by earlier steps (for handle fields). */
  readonly handles: readonly HandleChoice[];
}

/** Fields whose value is a byte count: a valid entry gets its size in words beside it. */
const SIZE_FIELDS = new Set(['size', 'length', 'window_size']);

export function FieldControl(p: FieldControlProps) {
  const local = localProblem(p);
  const messages = local ? [local] : p.issues.map((i) => i.message);
  const errId = `${p.id}-err`;
  const invalid = messages.length > 0;
  const described = invalid ? errId : undefined;
  const required = !p.spec.optional;
  return (
    <div className="ed-field" data-field={p.name} data-invalid={invalid ? 'true' : undefined}>
      <label className="ed-label" htmlFor={p.id}>
        <span className="ed-label-name">{p.name}</span>
        {!required && <span className="ed-label-opt">optional</span>}
      </label>
      <div className="ed-control">
        <Control {...p} invalid={invalid} describedBy={described} />
        {p.spec.help && <span className="ed-help">{p.spec.help}</span>}
        {!invalid && <Hint {...p} />}
        {invalid && (
          <span className="ed-error" id={errId} data-testid="field-error" role="alert">
            {messages.join('; ')}
          </span>
        )}
      </div>
    </div>
  );
}

type ControlProps = FieldControlProps & { readonly invalid: boolean; readonly describedBy: string | undefined };

function Control(p: ControlProps) {
  const aria = { 'aria-invalid': p.invalid || undefined, 'aria-describedby': p.describedBy };
  const optional = Boolean(p.spec.optional);
  switch (p.spec.kind) {
    case 'u64':
      return (
        <input
          id={p.id} className="ed-input ed-mono" type="text" inputMode="text" spellCheck={false} autoComplete="off"
          placeholder={optional ? '(absent)' : '0x…'} value={textOf(p.value)} {...aria}
          onChange={(e) => p.onChange(u64Value(e.currentTarget.value))}
        />
      );
    case 'int':
      return (
        <input
          id={p.id} className="ed-input ed-mono ed-narrow" type="text" spellCheck={false} autoComplete="off"
          placeholder={optional ? '(absent)' : ''} value={textOf(p.value)} {...aria}
          onChange={(e) => p.onChange(intValue(e.currentTarget.value))}
        />
      );
    case 'string':
      return (
        <input
          id={p.id} className="ed-input ed-mono" type="text" spellCheck={false} autoComplete="off"
          placeholder={optional ? '(absent)' : ''} value={textOf(p.value)} {...aria}
          onChange={(e) => p.onChange(e.currentTarget.value === '' && optional ? undefined : e.currentTarget.value)}
        />
      );
    case 'handle':
      return <HandleInput {...p} />;
    case 'enum':
      return (
        <select id={p.id} className="ed-select ed-mono" value={typeof p.value === 'string' ? p.value : ''} {...aria} onChange={(e) => p.onChange(e.currentTarget.value || undefined)}>
          <option value="">{optional ? '(absent)' : '— choose —'}</option>
          {(p.spec.values ?? []).map((v) => (
            <option key={v} value={v}>{v}</option>
          ))}
          {typeof p.value === 'string' && p.value !== '' && !(p.spec.values ?? []).includes(p.value) && <option value={p.value}>{p.value} (unknown)</option>}
        </select>
      );
    case 'flags':
      return <FlagsInput {...p} />;
    case 'ranges':
      return <RangesEditor id={p.id} value={p.value} onChange={p.onChange} describedBy={p.describedBy} />;
    case 'status':
      // No simulated op has a status field yet (vhost-vdpa is not simulated): plain JSON.
      return <JsonInput id={p.id} value={p.value} onChange={p.onChange} rows={1} describedBy={p.describedBy} placeholder='0 or ["ACKNOWLEDGE", "DRIVER"]' />;
    default: {
      const never: never = p.spec.kind;
      return never;
    }
  }
}

const OTHER = '\u0000other';

/** A select of the handles earlier steps created, or a typed name (a handle may be created later, by mistake, or be new). */
function HandleInput(p: ControlProps) {
  const value = typeof p.value === 'string' ? p.value : textOf(p.value);
  const known = p.handles.some((h) => h.name === value);
  const [typing, setTyping] = useState(value !== '' && !known);
  const showText = typing || (value !== '' && !known);
  return (
    <span className="ed-handle">
      <select
        id={p.id} className="ed-select ed-mono" aria-invalid={p.invalid || undefined} aria-describedby={p.describedBy}
        value={showText ? OTHER : value}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (v === OTHER) {
            setTyping(true);
            return;
          }
          setTyping(false);
          p.onChange(v === '' ? undefined : v);
        }}
      >
        <option value="">{p.spec.optional ? '(absent)' : '— choose a handle —'}</option>
        {[...p.handles].reverse().map((h) => (
          <option key={h.name} value={h.name}>
            {h.name} · {h.what} (step {h.index})
          </option>
        ))}
        <option value={OTHER}>other name…</option>
      </select>
      {showText && (
        <input
          className="ed-input ed-mono" type="text" spellCheck={false} autoComplete="off" aria-label={`${p.name}: handle name`}
          placeholder="handle name" value={value} aria-invalid={p.invalid || undefined} aria-describedby={p.describedBy}
          onChange={(e) => p.onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
        />
      )}
    </span>
  );
}

function FlagsInput(p: ControlProps) {
  const values = p.spec.values ?? [];
  const { on, unknown } = flagsOf(p.value, values);
  const set = (next: Set<string>, rest: readonly string[]) => p.onChange(flagsValue(next, rest, p.spec));
  return (
    <span className="ed-flags" role="group" aria-label={`${p.name} flags`} aria-describedby={p.describedBy}>
      {values.map((f, i) => (
        <label key={f} className="ed-check">
          <input
            id={i === 0 ? p.id : undefined} type="checkbox" checked={on.has(f)}
            onChange={(e) => {
              const next = new Set(on);
              if (e.currentTarget.checked) next.add(f);
              else next.delete(f);
              set(next, unknown);
            }}
          />
          <span className="ed-mono">{f}</span>
        </label>
      ))}
      {unknown.map((f) => (
        <span key={f} className="ed-chip ed-chip-bad">
          <span className="ed-mono">{f}</span>
          <button type="button" className="ed-chip-x" aria-label={`remove unknown flag ${f}`} onClick={() => set(new Set(on), unknown.filter((x) => x !== f))}>
            ×
          </button>
        </span>
      ))}
    </span>
  );
}

/** The check made while typing, before the whole-document check catches up. */
function localProblem(p: FieldControlProps): string | null {
  const optional = Boolean(p.spec.optional);
  switch (p.spec.kind) {
    case 'u64':
      return typeof p.value === 'object' && p.value !== null ? null : u64Problem(textOf(p.value), optional);
    case 'int':
      return typeof p.value === 'object' && p.value !== null ? null : intProblem(textOf(p.value), optional);
    case 'handle': {
      if (p.value === undefined) return optional ? null : 'required';
      if (typeof p.value !== 'string' || p.value === '') return null;
      // The parser's own rule and words (parse.ts checkSemantics), so the two never disagree.
      return p.handles.some((h) => h.name === p.value) ? null : `handle "${p.value}" is used before any earlier step creates it (with "as": "${p.value}")`;
    }
    case 'enum':
    case 'string':
      return p.value === undefined && !optional ? 'required' : null;
    case 'flags':
    case 'ranges':
    case 'status':
      return null;
    default: {
      const never: never = p.spec.kind;
      return never;
    }
  }
}

function Hint(p: FieldControlProps) {
  if (p.spec.kind !== 'u64' || !SIZE_FIELDS.has(p.name)) return null;
  const v = u64Of(textOf(p.value));
  if (v === null || v === 0n) return null;
  return <span className="ed-hint">{formatSize(v)}</span>;
}
