// The tour format, version 1 (public/tours/<name>.json): a guided tour is one or more chapters,
// each a scenario (a file of public/scenarios, or embedded whole) with narrated steps. A tour
// step names a step of that scenario (`at`, the index in the expanded step list, -1 = before
// the first step) and what to look at there: the view mode, the selection (the view model's ids,
// src/core/view/ids.ts) and optionally the address map's window. Playing a tour step seeks the
// explorer to that step's full state; it never patches the state on screen.
//
// Pure (no DOM, no React). Validation is in parseTour.ts, loaded only when a tour is opened.

import type { Selection } from '../../state/selection';

export const TOUR_FORMAT = 'iova-atlas.tour';
export const TOUR_VERSION = 1;

/** Tour names are file names in public/tours (no path, no dots: safe in a URL and a fetch). */
export const TOUR_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A referenced scenario is a file directly in public/scenarios. */
export const SCENARIO_FILE = /^[a-z0-9][a-z0-9._-]{0,95}\.json$/;

export type TourView = 'split' | 'graph' | 'map';

export interface TourQuote {
  readonly text: string;
  /** Who wrote it, and where/when ("Alex Williamson, 12 Aug 2016"). */
  readonly who: string;
}

export interface TourStep {
  /** The scenario step shown (index in the expanded step list; -1: before the first step). */
  readonly at: number;
  /** The narration: 2-5 sentences, plain text (rendered as text, never HTML). */
  readonly text: string;
  readonly view: TourView;
  /** What the narration points at; `none` means "the step itself" (the inspector shows its result). */
  readonly select: Selection;
  /** The address map's window [first, last], when the narration needs one. */
  readonly window?: { readonly first: bigint; readonly last: bigint };
  readonly quote?: TourQuote;
  /** The kernel function(s) that decide what the step shows ("drivers/vfio/container.c: vfio_group_detach_container"). */
  readonly source?: string;
}

export type ChapterScenario = { readonly kind: 'file'; readonly file: string } | { readonly kind: 'embedded'; readonly doc: Record<string, unknown> };

export interface TourChapter {
  readonly title: string;
  readonly scenario: ChapterScenario;
  readonly steps: readonly TourStep[];
}

export interface Tour {
  readonly title: string;
  /** One line for the tour picker's card. */
  readonly summary: string;
  /** The seed threads it tells (file prefixes of /work/shared/seeds: "004"). */
  readonly seeds: readonly string[];
  /** The thread(s), in words: subject, list, date. */
  readonly thread?: string;
  readonly chapters: readonly TourChapter[];
}

export interface TourIssue {
  readonly where: string;
  readonly message: string;
}

export type TourParse = { readonly ok: true; readonly tour: Tour } | { readonly ok: false; readonly issues: readonly TourIssue[] };

// ---------------------------------------------------------------- positions

/** A tour step by its place: the chapter, the step in it, and the step's number in the whole tour. */
export interface TourPosition {
  readonly chapter: number;
  readonly step: number;
  /** 0-based index over the whole tour. */
  readonly index: number;
}

export function tourLength(t: Tour): number {
  return t.chapters.reduce((n, c) => n + c.steps.length, 0);
}

/** The position of the `index`-th step of the whole tour (clamped into the tour). */
export function positionOf(t: Tour, index: number): TourPosition {
  const last = tourLength(t) - 1;
  let k = Math.max(0, Math.min(last, Math.trunc(index)));
  const at = k;
  for (let c = 0; c < t.chapters.length; c++) {
    const n = t.chapters[c]!.steps.length;
    if (k < n) return { chapter: c, step: k, index: at };
    k -= n;
  }
  return { chapter: t.chapters.length - 1, step: t.chapters[t.chapters.length - 1]!.steps.length - 1, index: last };
}

/** The whole-tour index of the first step of chapter `c`. */
export function chapterStart(t: Tour, c: number): number {
  let n = 0;
  for (let i = 0; i < c && i < t.chapters.length; i++) n += t.chapters[i]!.steps.length;
  return n;
}

export function stepAt(t: Tour, p: TourPosition): TourStep {
  return t.chapters[p.chapter]!.steps[p.step]!;
}
