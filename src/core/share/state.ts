// What a link says about the screen besides the scenario: the step, the selection and the view.
// Links carry them as JSON with 64-bit values as "0x..." hex; reading them back is lenient by
// design: a bad part is dropped (or the step clamped) with a warning, and the scenario still opens.

import { parseU64 } from '../u64';
import { setOwn, toPlainJson } from './json';

/** Same shape as the app's Selection (src/state/selection.ts), which the core cannot import. */
export type LinkSelection =
  | { readonly kind: 'none' }
  | { readonly kind: 'node'; readonly id: string }
  | { readonly kind: 'range'; readonly space: string; readonly first: bigint; readonly last: bigint }
  | { readonly kind: 'address'; readonly space: string; readonly iova: bigint };

export const LINK_VIEW_MODES = ['split', 'graph', 'map'] as const;
export type LinkViewMode = (typeof LINK_VIEW_MODES)[number];

/**
 * The view: the main layout, the address map's window and the page walk's target. Open for
 * additions: keys this build does not know are carried as JSON and handed back as they came.
 */
export interface LinkView {
  readonly mode: LinkViewMode;
  readonly map?: { readonly start: bigint; readonly span: bigint };
  readonly walk?: { readonly space: string; readonly iova: bigint };
  readonly [key: string]: unknown;
}

export const DEFAULT_VIEW: LinkView = { mode: 'split' };
const NONE: LinkSelection = { kind: 'none' };

/** A problem the decoder worked around: the link still opens. */
export interface LinkWarning {
  readonly where: string;
  readonly message: string;
}

const MAX_NAME = 256;
/** Keys that would reach an object's prototype if some later code copied them by assignment. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function selectionToJson(sel: LinkSelection | undefined): unknown {
  return sel === undefined || sel.kind === 'none' ? null : toPlainJson(sel);
}

export function viewToJson(view: LinkView | undefined): unknown {
  return view === undefined ? null : toPlainJson(view);
}

export function readSelection(x: unknown, warnings: LinkWarning[]): LinkSelection {
  if (x === null || x === undefined) return NONE;
  const drop = (why: string): LinkSelection => {
    warnings.push({ where: 'selection', message: `the selection was dropped: ${why}` });
    return NONE;
  };
  if (typeof x !== 'object' || Array.isArray(x)) return drop('it is not an object');
  const o = x as Record<string, unknown>;
  switch (o.kind) {
    case 'none':
      return NONE;
    case 'node':
      return isName(o.id) ? { kind: 'node', id: o.id } : drop('a node selection needs an "id" (a non-empty string)');
    case 'range': {
      const first = parseU64(o.first);
      const last = parseU64(o.last);
      if (!isName(o.space)) return drop('a range selection needs a "space" (a non-empty string)');
      if (!first.ok || !last.ok) return drop(`a range selection needs "first" and "last" 64-bit values (${!first.ok ? first.message : (last as { message: string }).message})`);
      if (first.value > last.value) return drop('a range selection has "first" after "last"');
      return { kind: 'range', space: o.space, first: first.value, last: last.value };
    }
    case 'address': {
      const iova = parseU64(o.iova);
      if (!isName(o.space)) return drop('an address selection needs a "space" (a non-empty string)');
      if (!iova.ok) return drop(`an address selection needs an "iova" 64-bit value (${iova.message})`);
      return { kind: 'address', space: o.space, iova: iova.value };
    }
    default:
      return drop(`unknown kind ${preview(o.kind)} (known: none, node, range, address)`);
  }
}

export function readView(x: unknown, warnings: LinkWarning[]): LinkView {
  if (x === null || x === undefined) return DEFAULT_VIEW;
  if (typeof x !== 'object' || Array.isArray(x)) {
    warnings.push({ where: 'view', message: 'the view is not an object; the default view is used' });
    return DEFAULT_VIEW;
  }
  const o = x as Record<string, unknown>;
  const view: Record<string, unknown> = {};
  let mode: LinkViewMode = 'split';
  if (o.mode !== undefined) {
    if (typeof o.mode === 'string' && (LINK_VIEW_MODES as readonly string[]).includes(o.mode)) mode = o.mode as LinkViewMode;
    else warnings.push({ where: 'view.mode', message: `unknown view mode ${preview(o.mode)} (known: ${LINK_VIEW_MODES.join(', ')}); split is used` });
  }
  setOwn(view, 'mode', mode);
  if (o.map !== undefined) {
    const m = o.map as Record<string, unknown> | null;
    const start = parseU64(m?.start);
    const span = parseU64(m?.span);
    if (m === null || typeof m !== 'object' || !start.ok || !span.ok || span.value === 0n) {
      warnings.push({ where: 'view.map', message: 'the address map window was dropped: it needs "start" and a non-zero "span" (64-bit values)' });
    } else {
      setOwn(view, 'map', { start: start.value, span: span.value });
    }
  }
  if (o.walk !== undefined) {
    const wk = o.walk as Record<string, unknown> | null;
    const iova = parseU64(wk?.iova);
    if (wk === null || typeof wk !== 'object' || !isName(wk.space) || !iova.ok) {
      warnings.push({ where: 'view.walk', message: 'the page walk target was dropped: it needs a "space" name and an "iova" 64-bit value' });
    } else {
      setOwn(view, 'walk', { space: wk.space, iova: iova.value });
    }
  }
  for (const k of Object.keys(o)) {
    if (k === 'mode' || k === 'map' || k === 'walk') continue;
    if (UNSAFE_KEYS.has(k)) warnings.push({ where: `view.${k}`, message: `the view key "${k}" was dropped` });
    else setOwn(view, k, o[k]);
  }
  return view as LinkView;
}

/**
 * The step to open at: -1 (before the first step) to the last step; absent means the last
 * step (where the explorer goes after a run). Out of range is clamped with a warning.
 */
export function readStep(x: unknown, stepCount: number, warnings: LinkWarning[]): number {
  const last = stepCount - 1;
  if (x === null || x === undefined) return last;
  if (typeof x !== 'number' || !Number.isInteger(x)) {
    warnings.push({ where: 'step', message: `the step ${preview(x)} is not a whole number; the last step is shown` });
    return last;
  }
  if (x < -1 || x > last) {
    const to = x < -1 ? -1 : last;
    warnings.push({ where: 'step', message: `step ${x} is outside this scenario (steps 0 to ${last}); step ${to} is shown` });
    return to;
  }
  return x === 0 ? 0 : x; // not -0: it would encode as 0
}

function isName(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= MAX_NAME;
}

function preview(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 37) + '...' : x);
  if (typeof x === 'number' || typeof x === 'boolean' || x === null) return String(x);
  return Array.isArray(x) ? 'a list' : typeof x;
}
