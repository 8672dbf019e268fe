// Parsing untrusted scenario input (files, links, editor text) into a validated Scenario.
// Never throws on bad input: every problem comes back as an issue naming where it is.

import * as v from 'valibot';
import type { OpName } from './ops';
import { CONTRACT_OPS_NOT_YET_SIMULATED, OPS, OP_NAMES, isOpName } from './ops';
import { migrate } from './migrations';
import { expandMacro, isMacroName, MacroContext } from './macros';
import { documentSchema, MAX_STEPS, STEP_SCHEMAS } from './schema';
import type { ParseResult, Scenario, ScenarioIssue, Step } from './types';

/** Scenario files larger than this are refused before parsing (8 MiB). */
export const MAX_SCENARIO_BYTES = 8 * 1024 * 1024;
/**
 * The cap for text from a trusted in-page caller (the automation API's `load(s, { trusted: true })`,
 * used by the bench for 100k-step scenarios). Files, links and fetches keep MAX_SCENARIO_BYTES.
 */
export const MAX_TRUSTED_SCENARIO_BYTES = 64 * 1024 * 1024;
const MAX_ISSUES = 50;
/** Scenarios are shallow; anything deeper is refused before any recursive code sees it. */
const MAX_DEPTH = 32;

/** The path of the first value nested deeper than `max`, found without recursion; or null. */
function tooDeep(doc: unknown, max: number): string | null {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: doc, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return path || '(document)';
    for (const [k, child] of Object.entries(v)) {
      if (child !== null && typeof child === 'object') {
        stack.push({ v: child, depth: depth + 1, path: Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k });
      }
    }
  }
  return null;
}

export function parseScenarioText(text: string, opts: { maxBytes?: number } = {}): ParseResult {
  const maxBytes = opts.maxBytes ?? MAX_SCENARIO_BYTES;
  if (text.length > maxBytes) {
    return fail([{ where: '(file)', message: `the scenario is ${(text.length / 1e6).toFixed(1)} MB; the limit is ${maxBytes / 1024 / 1024} MiB` }]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail([{ where: '(json)', message: jsonErrorMessage(text, e) }]);
  }
  return parseScenarioValue(doc);
}

export function parseScenarioValue(doc: unknown): ParseResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return fail([{ where: '(document)', message: 'a scenario is a JSON object with "format", "version", "platform", "devices" and "steps"' }]);
  }
  const deep = tooDeep(doc, MAX_DEPTH);
  if (deep) return fail([{ where: deep, message: `nested more than ${MAX_DEPTH} levels deep; a scenario never needs that` }]);
  const migrated = migrate(doc as Record<string, unknown>);
  if (!migrated.ok) return fail([{ where: 'version', field: 'version', message: migrated.message }]);

  const issues: ScenarioIssue[] = [];
  const head = v.safeParse(documentSchema, migrated.doc);
  if (!head.success) {
    for (const i of head.issues) issues.push(issueFromValibot(i));
    if (!isArray(migrated.doc.steps)) return fail(issues);
  }
  const rawSteps = (migrated.doc.steps ?? []) as unknown[];
  const steps: Step[] = [];
  // QEMU-like macros expand here into primitive steps (macros.ts); the context lets an expansion
  // see what the steps before it set up (the fd's device, its negotiated backend features).
  const macroCtx = new MacroContext(migrated.doc.devices);
  for (let idx = 0; idx < rawSteps.length && issues.length < MAX_ISSUES; idx++) {
    const raw = rawSteps[idx];
    const r = isMacroName((raw as { op?: unknown } | null)?.op) ? expandMacro(raw, idx, macroCtx, parseStep) : parseStep(raw, idx);
    if ('issues' in r) issues.push(...r.issues);
    else for (const s of 'steps' in r ? r.steps : [r.step]) {
      steps.push(s);
      macroCtx.observe(s);
    }
  }
  if (steps.length > MAX_STEPS) issues.push({ where: 'steps', message: `macros expand to ${steps.length} steps; the limit is ${MAX_STEPS}` });
  if (issues.length > 0) return fail(issues.slice(0, MAX_ISSUES));

  const out = head.success ? head.output : undefined;
  if (!out) return fail(issues);
  const scenario: Scenario = { ...(out as unknown as Omit<Scenario, 'steps'>), steps } as Scenario;
  const semantic = checkSemantics(scenario);
  if (semantic.length > 0) return fail(semantic.slice(0, MAX_ISSUES));
  return { ok: true, scenario, warnings: [] };
}

/** Validates one step (used by the editor's per-step forms too). */
export function parseStep(raw: unknown, idx: number): { step: Step } | { issues: ScenarioIssue[] } {
  const where = `steps[${idx}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { issues: [{ where, step: idx, message: 'a step is an object with an "op" field' }] };
  }
  const op = (raw as { op?: unknown }).op;
  if (typeof op !== 'string') {
    return { issues: [{ where: `${where}.op`, step: idx, field: 'op', message: 'missing "op" (the operation name)' }] };
  }
  if (isMacroName(op)) {
    return { issues: [{ where: `${where}.op`, step: idx, field: 'op', message: `${op} is a macro: it expands into primitive steps when the whole scenario is parsed (parseScenarioValue)` }] };
  }
  if (!isOpName(op)) {
    const later = (CONTRACT_OPS_NOT_YET_SIMULATED as readonly string[]).includes(op);
    const hint = later ? 'it is in the scenario contract, but this build does not simulate it yet' : suggest(op);
    return { issues: [{ where: `${where}.op`, step: idx, field: 'op', message: `unknown op "${op.slice(0, 60)}"${hint ? ` (${hint})` : ''}` }] };
  }
  const r = v.safeParse(STEP_SCHEMAS[op]!, raw);
  if (!r.success) {
    return { issues: r.issues.map((i) => issueFromValibot(i, idx, op)) };
  }
  return { step: r.output as Step };
}

/** Cross-step rules: handles exist before use, device ids are unique, groups are consistent. */
function checkSemantics(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const ids = new Set<string>();
  s.devices.forEach((d, i) => {
    if (ids.has(d.id)) issues.push({ where: `devices[${i}].id`, field: 'id', message: `device id "${d.id}" is used twice` });
    ids.add(d.id);
  });
  if (s.platform === 'selftest-mock') {
    const byGroup = new Map<number, string>();
    s.devices.forEach((d, i) => {
      const other = byGroup.get(d.group);
      if (other !== undefined) {
        issues.push({ where: `devices[${i}].group`, field: 'group', message: `on selftest-mock each mock device is its own group; "${other}" already has group ${d.group}` });
      }
      byGroup.set(d.group, d.id);
    });
  }
  const defined = new Set<string>();
  s.steps.forEach((step, idx) => {
    const spec = OPS[step.op];
    for (const [field, f] of Object.entries(spec.fields)) {
      if (f.kind !== 'handle') continue;
      const name = step[field];
      if (typeof name === 'string' && !defined.has(name)) {
        issues.push({
          where: `steps[${idx}].${field}`, step: idx, field,
          message: `handle "${name}" is used before any earlier step creates it (with "as": "${name}")`,
        });
      }
    }
    if (step.as) defined.add(step.as);
  });
  return issues;
}

function issueFromValibot(i: v.BaseIssue<unknown>, step?: number, op?: OpName): ScenarioIssue {
  const keys = (i.path ?? []).map((p) => p.key as string | number);
  let message = i.message;
  // Valibot reports an unexpected key of a strict object with the key in its path.
  if (i.received === 'undefined') {
    // A required key is absent (valibot reports it on the object, with the key in the path).
    const key = String(keys[keys.length - 1] ?? '');
    const f = op ? (OPS[op].fields as Record<string, { help?: string }>)[key] : undefined;
    message = `missing required field "${key}"${f?.help ? ` (${f.help})` : ''}`;
  } else if (i.expected === 'never' && keys.length > 0) {
    const key = String(keys[keys.length - 1]);
    const known = op ? Object.keys(OPS[op].fields) : [];
    message = op
      ? `unknown field "${key}" for ${op} (fields: ${[...known, 'as', 'expect', 'note'].join(', ')})`
      : `unknown field "${key}"`;
  } else if (i.type === 'literal' || i.type === 'object' || i.type === 'strict_object') {
    message = i.message;
  }
  const base = step === undefined ? '' : `steps[${step}]`;
  const path = keys.map((k) => (typeof k === 'number' ? `[${k}]` : (base || k !== keys[0] ? '.' : '') + k)).join('');
  const where = (base + path) || '(document)';
  const field = step !== undefined ? (keys[0] as string | undefined) : (keys[0] as string | undefined);
  return { where, ...(step !== undefined ? { step } : {}), ...(field !== undefined ? { field: String(field) } : {}), message };
}

function jsonErrorMessage(text: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  if (m) {
    const pos = Number(m[1]);
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const col = pos - before.lastIndexOf('\n');
    return `malformed JSON at line ${line}, column ${col}: ${msg.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`;
  }
  if (text.trim().length === 0) return 'the scenario is empty';
  return `malformed JSON: ${msg}`;
}

function suggest(op: string): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const lower = op.toLowerCase();
  for (const name of OP_NAMES) {
    const d = editDistance(lower, name.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  return best && bestD <= Math.max(2, Math.floor(op.length / 4)) ? `did you mean ${best}?` : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

function isArray(x: unknown): x is unknown[] {
  return Array.isArray(x);
}

function fail(issues: ScenarioIssue[]): ParseResult {
  return { ok: false, issues };
}

export function formatIssue(i: ScenarioIssue): string {
  return `${i.where}: ${i.message}`;
}
