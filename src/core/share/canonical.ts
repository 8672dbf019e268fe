// The canonical document: the one JSON spelling of a scenario that links carry and files are
// saved as. 64-bit values are lowercase "0x..." hex, flags follow the op table's order, keys come
// in a fixed order (format, version, title, description, platform, platform_overrides, kernel,
// devices, steps; in a step: op, the op's fields as the op table lists them, as, expect, note).
// Macro steps stay macros (as written) when the source is text or a JSON document; a parsed
// Scenario only has the primitive steps they expanded into, and those are what it saves.

import { migrate } from '../scenario/migrations';
import { isMacroName } from '../scenario/macros';
import type { FieldSpec } from '../scenario/ops';
import { isOpName, OPS } from '../scenario/ops';
import { parseScenarioText, parseScenarioValue, parseStep } from '../scenario/parse';
import { CURRENT_VERSION, FORMAT_ID } from '../scenario/schema';
import type { Scenario, ScenarioIssue, Step } from '../scenario/types';
import { depthOver, MAX_JSON_DEPTH, setOwn, toPlainJson } from './json';

/** A scenario as plain JSON, in canonical form (what `JSON.stringify` writes to a file). */
export interface ScenarioDoc {
  readonly format: typeof FORMAT_ID;
  readonly version: number;
  readonly steps: readonly Readonly<Record<string, unknown>>[];
  readonly [key: string]: unknown;
}

export type Canonical =
  | { readonly ok: true; readonly doc: ScenarioDoc; readonly scenario: Scenario }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

const HEADER_ORDER = ['format', 'version', 'title', 'description', 'platform', 'platform_overrides', 'kernel', 'devices'] as const;

/** Canonical form of scenario text (a file, the editor's buffer). Never throws. */
export function canonicalFromText(text: string): Canonical {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The file parser words JSON syntax errors best (line and column); it returns before any
    // recursive validation on malformed JSON.
    const r = parseScenarioText(text);
    return { ok: false, issues: r.ok ? [{ where: '(json)', message: 'malformed JSON' }] : r.issues };
  }
  return canonicalFromValue(value);
}

/** Canonical form of a scenario document (parsed JSON, possibly an older version). Never throws. */
export function canonicalFromValue(value: unknown): Canonical {
  if (depthOver(value, MAX_JSON_DEPTH)) {
    return { ok: false, issues: [{ where: '(document)', message: `the document nests arrays and objects more than ${MAX_JSON_DEPTH} deep` }] };
  }
  const parsed = parseScenarioValue(value);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  // Steps come from the (migrated) source, so that macros stay one step each.
  const migrated = migrate(value as Record<string, unknown>);
  const raw = migrated.ok && Array.isArray(migrated.doc.steps) ? (migrated.doc.steps as unknown[]) : [];
  const steps = raw.map((s, idx) => {
    if (isMacroName((s as { op?: unknown }).op)) return toPlainJson(s) as Record<string, unknown>;
    const r = parseStep(s, idx);
    // parseScenarioValue accepted every step, so this cannot fail; keep the source if it did.
    return 'step' in r ? canonicalStep(r.step) : (toPlainJson(s) as Record<string, unknown>);
  });
  return { ok: true, doc: buildDoc(parsed.scenario, steps), scenario: parsed.scenario };
}

/** Canonical form of a parsed scenario (expanded macro steps are saved as their primitive steps). */
export function canonicalFromScenario(s: Scenario): ScenarioDoc {
  return buildDoc(s, s.steps.map((step) => canonicalStep(step)));
}

/** Pretty JSON (two-space indent, one trailing newline), as the example files are written. */
export function docToFileText(doc: ScenarioDoc): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** The file text of a parsed scenario: canonical, stable under file -> parse -> file. */
export function scenarioToFileText(s: Scenario): string {
  return docToFileText(canonicalFromScenario(s));
}

/** Scenario text in canonical form, macros kept as written. */
export function canonicalText(text: string): { ok: true; text: string } | { ok: false; issues: readonly ScenarioIssue[] } {
  const c = canonicalFromText(text);
  return c.ok ? { ok: true, text: docToFileText(c.doc) } : c;
}

function buildDoc(s: Scenario, steps: readonly Record<string, unknown>[]): ScenarioDoc {
  const doc: Record<string, unknown> = {};
  const src = s as unknown as Record<string, unknown>;
  setOwn(doc, 'format', FORMAT_ID);
  setOwn(doc, 'version', CURRENT_VERSION);
  for (const k of HEADER_ORDER.slice(2)) if (src[k] !== undefined) setOwn(doc, k, toPlainJson(src[k]));
  // Fields a later schema adds to the document, after the known ones.
  for (const k of Object.keys(src)) {
    if (!(HEADER_ORDER as readonly string[]).includes(k) && k !== 'steps' && src[k] !== undefined) setOwn(doc, k, toPlainJson(src[k]));
  }
  if (doc.devices === undefined) setOwn(doc, 'devices', []);
  setOwn(doc, 'steps', steps);
  return doc as unknown as ScenarioDoc;
}

/** Per op: its fields in table order, and every key a step of it may have. */
const SHAPES = new Map<string, { fields: readonly (readonly [string, FieldSpec])[]; known: ReadonlySet<string> }>();

function shapeOf(op: string) {
  let shape = SHAPES.get(op);
  if (!shape) {
    const fields = isOpName(op) ? Object.entries(OPS[op].fields) : [];
    // `macro` marks a step a macro expanded into: it is not part of the step as a file holds it.
    shape = { fields, known: new Set(['op', 'as', 'expect', 'note', 'macro', ...fields.map(([n]) => n)]) };
    SHAPES.set(op, shape);
  }
  return shape;
}

/** A validated primitive step in canonical JSON: fixed key order, hex, flags in table order. */
export function canonicalStep(step: Step): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const src = step as unknown as Record<string, unknown>;
  setOwn(out, 'op', step.op);
  const { fields, known } = shapeOf(step.op);
  for (const [name, f] of fields) {
    const v = src[name];
    if (v === undefined) continue;
    if (f.kind === 'flags' && Array.isArray(v) && f.values) {
      const order = f.values;
      setOwn(out, name, [...v].sort((a, b) => rank(order, a) - rank(order, b)));
    } else {
      setOwn(out, name, toPlainJson(v));
    }
  }
  for (const k of ['as', 'expect', 'note']) if (src[k] !== undefined) setOwn(out, k, toPlainJson(src[k]));
  for (const k of Object.keys(src)) if (!known.has(k) && src[k] !== undefined) setOwn(out, k, toPlainJson(src[k]));
  return out;
}

function rank(order: readonly string[], x: unknown): number {
  const i = order.indexOf(String(x));
  return i < 0 ? order.length : i;
}
