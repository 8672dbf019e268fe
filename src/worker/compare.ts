// Compare mode in the worker: runs the current scenario on two variants (core/compare), keeps
// the result, and serves snapshots of both sides at a step for the side-by-side views.
//
// Compare mode uses its own worker instance (ui/compare/compareClient.ts): the explorer's worker
// keeps its scenario, run and cursor, and a slow comparison never delays stepping. This class
// is the part of that worker's session (session.ts) that answers `compare` and `compare.seek`.
//
// The comparison runs both sides in lockstep once (compareRuns); the timelines for seeking are
// recorded lazily, on the first seek, since many comparisons are only read as a table.

import { applyVariant, compareRuns, defaultVariants, resolveVariant } from '../core/compare';
import type { CompareResult, Variant, VariantSpec } from '../core/compare';
import type { Scenario } from '../core/scenario/types';
import type { Snapshot } from '../core/view/types';
import { Timeline } from './timeline';
import type { TimelineOptions } from './timeline';

/** One side at the step asked: its snapshot, or why there is none. */
export type CompareSide =
  | { readonly ok: true; readonly snapshot: Snapshot; readonly ms: number }
  | { readonly ok: false; readonly message: string };

export interface CompareSeekResult {
  readonly step: number;
  readonly a: CompareSide;
  readonly b: CompareSide;
}

interface SideTimeline {
  readonly variant: Variant;
  timeline: Timeline | null;
  /** Why there is no timeline (the machine could not be set up), once recorded. */
  failed: string | null;
}

export class CompareHolder {
  private held: { result: CompareResult; scenario: Scenario; a: SideTimeline; b: SideTimeline } | null = null;

  constructor(private readonly timelineOptions: TimelineOptions = {}) {}

  /** A new scenario was loaded: the comparison of the old one is gone. */
  reset(): void {
    this.held = null;
  }

  /** Compares `s` on the two specs (absent: compare mode's defaults for this scenario). */
  run(s: Scenario, specA?: VariantSpec, specB?: VariantSpec): CompareResult {
    const d = defaultVariants(s);
    const a = specA ? resolveVariant(s, specA) : d.a;
    const b = specB ? resolveVariant(s, specB) : d.b;
    const result = compareRuns(s, a, b);
    this.held = { result, scenario: s, a: { variant: a, timeline: null, failed: null }, b: { variant: b, timeline: null, failed: null } };
    return result;
  }

  get hasResult(): boolean {
    return this.held !== null;
  }

  /** Both sides' snapshots after `step` (-1: before the first step). Throws RangeError outside the rows. */
  seek(step: number): CompareSeekResult {
    const h = this.held;
    if (!h) throw new Error('no comparison is held');
    if (!Number.isInteger(step) || step < -1 || step >= h.scenario.steps.length) {
      throw new RangeError(`step ${step} is outside the scenario (-1 to ${h.scenario.steps.length - 1})`);
    }
    if (h.result.blocked) {
      const why: CompareSide = { ok: false, message: 'not compared (see the incompatibilities)' };
      return { step, a: why, b: why };
    }
    return { step, a: this.side(h.scenario, h.a, step), b: this.side(h.scenario, h.b, step) };
  }

  private side(s: Scenario, side: SideTimeline, step: number): CompareSide {
    if (!side.timeline && !side.failed) {
      const rec = Timeline.record(applyVariant(s, side.variant), this.timelineOptions);
      side.timeline = rec.timeline;
      if (!rec.timeline) side.failed = rec.bug?.message ?? 'the machine could not be set up';
    }
    const tl = side.timeline;
    if (!tl) return { ok: false, message: side.failed ?? 'no run' };
    if (step >= tl.ran) return { ok: false, message: `this side stopped at a simulator bug at step ${tl.ran}; step ${step} did not run` };
    const r = tl.seek(step);
    return { ok: true, snapshot: r.snapshot, ms: r.ms };
  }
}
