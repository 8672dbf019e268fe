// What one step did to one side's comparable state (dma-state.ts), computed from what changed.
//
// After each step the tracker keeps an O(1) copy-on-write clone of every map a key reads. The
// next step's effect on a key whose maps are the same objects is their diff against those clones,
// which skips every subtree the step did not touch: O(changes x log n), not O(mappings). Only a
// key whose maps were replaced (a container got its IOMMU, a device moved to another IOAS) is
// read in full. The full translations are read only when the comparison needs them (a step whose
// effects differ between the sides, or a difference that may have closed).

import type { Interval, IntervalMap } from '../intervals';
import type { Sim } from '../sim/sim';
import { runsOf, sourcesOf } from './dma-state';
import type { Source, ToRun } from './dma-state';
import { changesBetween, coalesce } from './translations';
import type { TranslationChange } from './translations';
import type { Run } from './types';

/** One key after a step: what the step changed, and (lazily) the translations before and after. */
export interface KeyStep {
  readonly effect: readonly TranslationChange[];
  /** Bug findings that appeared / went away at this step. */
  readonly bugsAdded: readonly string[];
  readonly bugsDropped: readonly string[];
  readonly bugs: readonly string[];
  readonly via: string | null;
  /** The key exists on this side now (a handle naming something with mappings, an opened device). */
  readonly exists: boolean;
  readonly before: () => readonly Run[];
  readonly after: () => readonly Run[];
}

interface Held {
  readonly source: Source;
  /** Snapshots of source.maps as they were after the last step (copy-on-write clones). */
  readonly clones: readonly IntervalMap<Interval>[];
  /** The coalesced translations of `clones`, once read. */
  runs: readonly Run[] | null;
}

const NONE: readonly string[] = [];
const NO_RUNS: readonly Run[] = [];

export class SideTracker {
  private held = new Map<string, Held>();
  /** Mappings read since the last call to takeCost() (the comparison's work budget). */
  private cost = 0;

  constructor(sim: Sim) {
    for (const [k, s] of sourcesOf(sim)) this.held.set(k, hold(s));
  }

  /** The keys now and what the step that just ran did to each (also the keys that went away). */
  advance(sim: Sim): Map<string, KeyStep> {
    const cur = sourcesOf(sim);
    const out = new Map<string, KeyStep>();
    const keys = new Set([...this.held.keys(), ...cur.keys()]);
    const next = new Map<string, Held>();
    for (const key of keys) {
      const p = this.held.get(key);
      const c = cur.get(key);
      const nowHeld = c ? hold(c) : null;
      if (nowHeld) next.set(key, nowHeld);
      out.set(key, this.stepOf(p, c, nowHeld));
    }
    this.held = next;
    return out;
  }

  takeCost(): number {
    const c = this.cost;
    this.cost = 0;
    return c;
  }

  private stepOf(p: Held | undefined, c: Source | undefined, nowHeld: Held | null): KeyStep {
    const beforeRuns = (): readonly Run[] => {
      if (!p) return NO_RUNS;
      if (p.runs === null) {
        p.runs = runsOf(p.clones, p.source.toRun);
        this.cost += p.runs.length;
      }
      return p.runs;
    };
    const afterRuns = (): readonly Run[] => {
      if (!nowHeld) return NO_RUNS;
      if (nowHeld.runs === null) {
        nowHeld.runs = runsOf(nowHeld.clones, nowHeld.source.toRun);
        this.cost += nowHeld.runs.length;
      }
      return nowHeld.runs;
    };
    let effect: readonly TranslationChange[];
    if (p && c && sameMaps(p.source.maps, c.maps) && p.source.toRun === c.toRun) {
      effect = this.incremental(p.clones, c.maps, c.toRun);
    } else {
      effect = changesBetween(beforeRuns(), afterRuns());
    }
    const was = p?.source.bugs ?? NONE;
    const now = c?.bugs ?? NONE;
    const same = was === now || (was.length === now.length && was.every((m, i) => m === now[i]));
    return {
      effect,
      bugsAdded: same ? NONE : now.filter((m) => !was.includes(m)),
      bugsDropped: same ? NONE : was.filter((m) => !now.includes(m)),
      bugs: now,
      via: c?.via ?? null,
      exists: c !== undefined,
      before: beforeRuns,
      after: afterRuns,
    };
  }

  /**
   * The change between the clones and the live maps, from their diff. Within the region the
   * removed and added intervals cover, the translation before was exactly the removed ones and
   * after exactly the added ones (the unchanged intervals are disjoint from both), so comparing
   * those two lists gives the step's whole effect.
   */
  private incremental(clones: readonly IntervalMap<Interval>[], maps: readonly IntervalMap<Interval>[], toRun: ToRun): readonly TranslationChange[] {
    const added: Run[] = [];
    const removed: Run[] = [];
    maps.forEach((m, i) => m.diff(clones[i]!, (v) => added.push(toRun(v)), (v) => removed.push(toRun(v))));
    this.cost += added.length + removed.length + maps.length;
    if (added.length === 0 && removed.length === 0) return [];
    return changesBetween(coalesce(removed), coalesce(added));
  }
}

function hold(s: Source): Held {
  return { source: s, clones: s.maps.map((m) => m.clone()), runs: null };
}

function sameMaps(x: readonly IntervalMap<Interval>[], y: readonly IntervalMap<Interval>[]): boolean {
  return x.length === y.length && x.every((m, i) => m === y[i]);
}
