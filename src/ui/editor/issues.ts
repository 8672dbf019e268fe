// Sorting the parser's issues to where the forms show them: per step and field, per header
// field (title, platform, devices[i].group...), or for the document as a whole. Pure.

import type { ScenarioIssue } from '../../core/scenario/types';
import { parseWhere } from './locate';

export interface StepIssues {
  /** Issues of one field (the first path segment after the step: `iova`, `allowed_iovas`, `expect`). */
  readonly byField: ReadonlyMap<string, readonly ScenarioIssue[]>;
  /** Issues of the step itself (not an object, missing op). */
  readonly general: readonly ScenarioIssue[];
  readonly count: number;
}

export interface SortedIssues {
  readonly steps: ReadonlyMap<number, StepIssues>;
  /** Header issues keyed by path below the document: `title`, `platform`, `kernel.vfio_container`, `devices[1].group`. */
  readonly header: ReadonlyMap<string, readonly ScenarioIssue[]>;
  /** Issues with no better place: syntax, version, the document's shape. */
  readonly document: readonly ScenarioIssue[];
}

export function sortIssues(issues: readonly ScenarioIssue[]): SortedIssues {
  const steps = new Map<number, { byField: Map<string, ScenarioIssue[]>; general: ScenarioIssue[]; count: number }>();
  const header = new Map<string, ScenarioIssue[]>();
  const document: ScenarioIssue[] = [];
  for (const issue of issues) {
    const path = parseWhere(issue.where);
    if (path && path[0] === 'steps' && typeof path[1] === 'number') {
      const idx = path[1];
      let s = steps.get(idx);
      if (!s) steps.set(idx, (s = { byField: new Map(), general: [], count: 0 }));
      s.count++;
      const field = typeof path[2] === 'string' ? path[2] : undefined;
      if (field === undefined || field === 'op') s.general.push(issue);
      else push(s.byField, field, issue);
    } else if (path && path.length > 0 && path[0] !== 'version' && path[0] !== 'format' && path[0] !== 'steps') {
      push(header, headerKey(path), issue);
    } else {
      document.push(issue);
    }
  }
  return { steps, header, document };
}

/** `devices[1].group` and `kernel.vfio_container` as the header form names its controls. */
function headerKey(path: readonly (string | number)[]): string {
  const [a, b, c] = path;
  if (a === 'devices' && typeof b === 'number') return c === undefined ? `devices[${b}]` : `devices[${b}].${String(c)}`;
  if (a === 'kernel' && typeof b === 'string') return `kernel.${b}`;
  return String(a);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Issues in two lists, deduplicated (the same problem found by the step check and the whole-document check). */
export function mergeIssues(a: readonly ScenarioIssue[], b: readonly ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  const out: ScenarioIssue[] = [];
  for (const i of [...a, ...b]) {
    const k = `${i.where}\u0000${i.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
  }
  return out;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
