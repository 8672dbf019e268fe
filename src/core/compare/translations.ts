// IOVA -> user VA translations as sorted runs, compared by what they translate, not by how the
// kernel stores them: one 2 MiB type1 mapping and two adjacent 1 MiB IOAS areas with contiguous
// user addresses translate every IOVA the same way, so they are equal here. That is what lets a
// legacy container be compared with iommufd's compatibility layer, or a type1 container with a
// sPAPR one.

import type { u64 } from '../u64';
import type { Run } from './types';

/** Sorted, non-overlapping input (each source keeps its mappings disjoint); merges contiguous runs. */
export function coalesce(runs: readonly Run[]): Run[] {
  const sorted = isSorted(runs) ? runs : [...runs].sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
  const out: Run[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.last + 1n === r.first && prev.va + (prev.last - prev.first + 1n) === r.va) {
      out[out.length - 1] = { first: prev.first, last: r.last, va: prev.va };
    } else {
      out.push(r);
    }
  }
  return out;
}

function isSorted(runs: readonly Run[]): boolean {
  for (let i = 1; i < runs.length; i++) if (runs[i]!.first <= runs[i - 1]!.first) return false;
  return true;
}

/** What one IOVA segment translates to on each side (null: nothing there). */
type Visit = (first: u64, last: u64, x: Run | null, y: Run | null) => boolean;

/**
 * Walks the IOVA space in segments on which neither list changes run, calling `visit` for each
 * segment covered by at least one run; stops when `visit` returns true. O(|xs| + |ys|).
 */
function sweep(xs: readonly Run[], ys: readonly Run[], visit: Visit): void {
  let i = 0;
  let j = 0;
  // The next address not yet visited (2^64 once the top of the space was passed).
  let at = 0n;
  while (i < xs.length || j < ys.length) {
    while (i < xs.length && xs[i]!.last < at) i++;
    while (j < ys.length && ys[j]!.last < at) j++;
    const x = xs[i];
    const y = ys[j];
    if (!x && !y) return;
    // Start of the segment: `at`, or the first run start at or after it.
    const xStart = x ? (x.first > at ? x.first : at) : null;
    const yStart = y ? (y.first > at ? y.first : at) : null;
    const start = xStart === null ? yStart! : yStart === null ? xStart : xStart < yStart ? xStart : yStart;
    const inX = x !== undefined && x.first <= start ? x : null;
    const inY = y !== undefined && y.first <= start ? y : null;
    // End of the segment: the first place either side changes (a run ends, or the next begins).
    let end = inX ? inX.last : x ? x.first - 1n : inY!.last;
    if (y) {
      const yEnd = inY ? inY.last : y.first - 1n;
      if (yEnd < end) end = yEnd;
    }
    if (visit(start, end, inX, inY)) return;
    at = end + 1n;
  }
}

function vaAt(r: Run | null, iova: u64): u64 | null {
  return r ? r.va + (iova - r.first) : null;
}

/** Both translate [first, last] the same way (runs have slope 1: equal at the start means equal throughout). */
function sameAt(x: Run | null, y: Run | null, at: u64): boolean {
  const vx = vaAt(x, at);
  const vy = vaAt(y, at);
  return vx === vy;
}

/** The first IOVA whose translation differs, with the run each side has there; null if equal. */
export function firstDifference(xs: readonly Run[], ys: readonly Run[]): { iova: u64; a: Run | null; b: Run | null } | null {
  let found: { iova: u64; a: Run | null; b: Run | null } | null = null;
  sweep(xs, ys, (first, _last, x, y) => {
    if (sameAt(x, y, first)) return false;
    found = { iova: first, a: x, b: y };
    return true;
  });
  return found;
}

/** A change a step made: [first, last] now translates to `va` onwards (null: unmapped). */
export interface TranslationChange {
  readonly first: u64;
  readonly last: u64;
  readonly va: u64 | null;
}

/** Where `after` translates differently from `before`, as maximal changes. */
export function changesBetween(before: readonly Run[], after: readonly Run[]): TranslationChange[] {
  const out: TranslationChange[] = [];
  sweep(before, after, (first, last, x, y) => {
    if (sameAt(x, y, first)) return false;
    const va = vaAt(y, first);
    const prev = out[out.length - 1];
    const continues = prev && prev.last + 1n === first &&
      (prev.va === null ? va === null : va !== null && prev.va + (prev.last - prev.first + 1n) === va);
    if (continues) out[out.length - 1] = { first: prev.first, last, va: prev.va };
    else out.push({ first, last, va });
    return false;
  });
  return out;
}

/** Two lists of translated ranges (changes or runs) are the same, range by range. */
function sameRanges(x: readonly TranslationChange[], y: readonly TranslationChange[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a.first !== b.first || a.last !== b.last || a.va !== b.va) return false;
  }
  return true;
}

export const sameChanges: (x: readonly TranslationChange[], y: readonly TranslationChange[]) => boolean = sameRanges;
export const sameRuns: (x: readonly Run[], y: readonly Run[]) => boolean = sameRanges;
