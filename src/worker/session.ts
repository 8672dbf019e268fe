// The worker's side of the protocol: holds the current scenario and its recorded run (a
// Timeline: checkpoints for seeking), and answers requests by calling the core. It adds no
// semantics: parsing, running and checking `expect` are the core's (the same functions the CLI
// and the unit tests call). It never throws: every request gets a Response.

import { needsBeyond } from '../core/beyond/needs';
import type { Beyond } from '../core/beyond/registry';
import { beyondLoaded, setBeyond } from '../core/beyond/registry';
import { MAX_TRUSTED_SCENARIO_BYTES, parseScenarioText } from '../core/scenario/parse';
import type { Scenario } from '../core/scenario/types';
import { SimulatorBug } from '../core/sim/run';
import type * as CompareCodeModule from './compare';
import type { CompareHolder } from './compare';
import type { CompareSeekRequest, LoadResult, Request, Response, RunAllResult, ScenarioView, SeekRequest, TestFaultRequest, WalkRequest } from './protocol';
import { transferablesOf } from './protocol';
import { Timeline } from './timeline';
import type { TimelineOptions } from './timeline';

/** What a fault request asks the host (simHost.ts) to do to itself after answering. */
export type HostFault = 'throw' | 'exit' | 'hang';

/**
 * Compare mode's code (worker/compare.ts and core/compare). The worker loads it on the first
 * compare request (simHost.ts), since most sessions never compare: it kept about 6 kB gzipped
 * out of the page's first load. Tests and in-process engines hand it over at construction.
 */
export type CompareCode = typeof CompareCodeModule;

/** Requests that run the current scenario (or seek in its run): they need all of its code. */
const RUNS: ReadonlySet<Request['kind']> = new Set(['runAll', 'seek', 'walk', 'compare', 'compare.seek']);

export interface Handled {
  /** Null when the request is deliberately lost (a fault): the client must notice. */
  readonly response: Response | null;
  /** Buffers to transfer with the response (postMessage's transfer list). */
  readonly transfer?: ArrayBuffer[];
  readonly fault?: HostFault;
}

export class SimSession {
  private scenario: Scenario | null = null;
  /** The last run of `scenario`, or null until it runs (a new load drops it). */
  private timeline: Timeline | null = null;
  /** The current scenario has run (its timeline may still be null: the setup failed). */
  private hasRun = false;
  /** test.fault 'bug': the step at which the next run reports an injected SimulatorBug. */
  private injectedBugAt: number | null = null;

  /** Compare mode's comparison of the current scenario (worker/compare.ts), once its code is here. */
  private compare: CompareHolder | null = null;
  /** Why compare mode's code could not be loaded, if it could not. */
  private compareCodeError: string | null = null;

  /**
   * The current scenario needs the vDPA / SVA / KVM code (core/beyond: needsBeyond). The worker
   * loads it before running such a scenario (simHost.ts), since most never do: it kept about
   * 30 kB gzipped out of the page's first load. Node registers it at start-up (beyond/eager.ts).
   */
  private scenarioNeedsBeyond = false;
  /** Why the beyond code could not be loaded, if it could not. */
  private beyondCodeError: string | null = null;

  constructor(
    private readonly timelineOptions: TimelineOptions = {},
    compareCode: CompareCode | null = null,
  ) {
    if (compareCode) this.useCompareCode(compareCode);
  }

  /** The request needs compare mode's code, and it is not loaded yet (nor failed to load). */
  wantsCompareCode(req: Request): boolean {
    return (req.kind === 'compare' || req.kind === 'compare.seek') && this.compare === null && this.compareCodeError === null;
  }

  useCompareCode(code: CompareCode): void {
    this.compare ??= new code.CompareHolder(this.timelineOptions);
  }

  compareCodeFailed(why: string): void {
    this.compareCodeError = why;
  }

  /** The request runs a scenario that needs the beyond code, and it is not loaded yet (nor failed to load). */
  wantsBeyondCode(req: Request): boolean {
    return this.lacksBeyondCode(req) && this.beyondCodeError === null;
  }

  useBeyondCode(code: Beyond): void {
    if (!beyondLoaded()) setBeyond(code);
  }

  beyondCodeFailed(why: string): void {
    this.beyondCodeError = why;
  }

  private lacksBeyondCode(req: Request): boolean {
    return RUNS.has(req.kind) && this.scenario !== null && this.scenarioNeedsBeyond && !beyondLoaded();
  }

  /**
   * Answers one request. `fault` is set when the host must misbehave on purpose (tests); then
   * `response` is null: the request is deliberately lost, and the client must notice.
   */
  handle(req: Request): Handled {
    try {
      if (this.lacksBeyondCode(req)) return this.noBeyondCode(req);
      switch (req.kind) {
        case 'load':
          return { response: { id: req.id, ok: true, kind: req.kind, result: this.load(req.text, req.trusted === true) } };
        case 'runAll': {
          if (!this.scenario) return noScenario(req);
          return { response: { id: req.id, ok: true, kind: req.kind, result: this.runAll(this.scenario) } };
        }
        case 'seek':
          return this.seek(req);
        case 'walk':
          return this.walk(req);
        case 'test.fault':
          return this.fault(req);
        case 'compare':
          if (!this.scenario) return noScenario(req);
          if (!this.compare) return this.noCompareCode(req);
          return { response: { id: req.id, ok: true, kind: req.kind, result: this.compare.run(this.scenario, req.a, req.b) } };
        case 'compare.seek':
          return this.compareSeek(req);
        default: {
          const never: never = req;
          return { response: { id: (never as { id: number }).id, ok: false, kind: 'unknown', error: { kind: 'bad-request', message: 'unknown request kind' } } };
        }
      }
    } catch (e) {
      // Not expected (the core reports bugs as SimulatorBug, caught in the run); still answered.
      const err = e instanceof Error ? e : new Error(String(e));
      return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'internal', message: err.message, ...(err.stack ? { stack: err.stack } : {}) } } };
    }
  }

  private load(text: string, trusted: boolean): LoadResult {
    const r = parseScenarioText(text, trusted ? { maxBytes: MAX_TRUSTED_SCENARIO_BYTES } : {});
    if (!r.ok) return { ok: false, issues: r.issues };
    // Only a valid scenario replaces the current one: a bad file leaves the old one running.
    this.scenario = r.scenario;
    this.scenarioNeedsBeyond = needsBeyond(r.scenario);
    this.timeline = null;
    this.hasRun = false;
    this.compare?.reset();
    return { ok: true, scenario: viewOf(r.scenario) };
  }

  /** Runs every step, keeping checkpoints; the run stops at a simulator bug, as the CLI's does. */
  private runAll(s: Scenario): RunAllResult {
    const inject = this.injectedBugAt;
    this.injectedBugAt = null;
    const rec = Timeline.record(s, { ...this.timelineOptions, injectBugAt: inject });
    this.timeline = rec.timeline;
    this.hasRun = true;
    return { results: rec.results, mismatches: rec.mismatches, bug: rec.bug };
  }

  /** The held run; a worker restarted after a crash replayed only `load`, so it runs now. */
  private ensureRun(): Timeline | null {
    if (!this.hasRun && this.scenario) this.runAll(this.scenario);
    return this.timeline;
  }

  private seek(req: SeekRequest): Handled {
    if (!this.scenario) return noScenario(req);
    const tl = this.ensureRun();
    if (!tl) return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'out-of-range', message: 'the machine could not be set up (simulator bug), so there is no step to show' } } };
    if (req.step < -1 || req.step >= tl.ran) {
      const why = tl.ran < this.scenario.steps.length ? ` (the run stopped at a simulator bug at step ${tl.ran})` : '';
      return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'out-of-range', message: `step ${req.step} is outside the run: steps -1 to ${tl.ran - 1} can be shown${why}` } } };
    }
    try {
      const result = tl.seek(req.step);
      return { response: { id: req.id, ok: true, kind: req.kind, result }, transfer: transferablesOf(result.snapshot) };
    } catch (e) {
      // A replay that disagrees with the recorded run: the held run cannot be trusted any more.
      if (e instanceof SimulatorBug) {
        this.timeline = null;
        this.hasRun = false;
      }
      throw e;
    }
  }

  private walk(req: WalkRequest): Handled {
    if (!this.scenario) return noScenario(req);
    const tl = this.ensureRun();
    if (!tl) return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'out-of-range', message: 'the machine could not be set up (simulator bug): nothing to walk' } } };
    return { response: { id: req.id, ok: true, kind: req.kind, result: tl.walk(req.space, req.iova) } };
  }

  private compareSeek(req: CompareSeekRequest): Handled {
    if (!this.scenario) return noScenario(req);
    if (!this.compare) return this.noCompareCode(req);
    if (!this.compare.hasResult) return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'out-of-range', message: 'nothing is compared yet: send a compare request first' } } };
    if (req.step < -1 || req.step >= this.scenario.steps.length) {
      return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'out-of-range', message: `step ${req.step} is outside the scenario: steps -1 to ${this.scenario.steps.length - 1} can be shown` } } };
    }
    const result = this.compare.seek(req.step);
    const transfer = new Set<ArrayBuffer>();
    for (const side of [result.a, result.b]) if (side.ok) for (const b of transferablesOf(side.snapshot)) transfer.add(b);
    return { response: { id: req.id, ok: true, kind: req.kind, result }, transfer: [...transfer] };
  }

  private noCompareCode(req: Request): Handled {
    const why = this.compareCodeError ?? 'it was not loaded';
    return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'internal', message: `compare mode is not available: ${why}` } } };
  }

  private noBeyondCode(req: Request): Handled {
    const why = this.beyondCodeError ?? 'it was not loaded';
    return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'internal', message: `this scenario needs the vDPA / SVA / KVM simulation code, which is not available: ${why}` } } };
  }

  private fault(req: TestFaultRequest): Handled {
    switch (req.fault) {
      case 'bug':
        this.injectedBugAt = req.step ?? 0;
        return { response: { id: req.id, ok: true, kind: req.kind, result: { armed: true } } };
      case 'throw':
      case 'exit':
      case 'hang':
        return { response: null, fault: req.fault };
      default: {
        const never: never = req.fault;
        return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'bad-request', message: `unknown fault ${String(never)}` } } };
      }
    }
  }
}

function noScenario(req: Request): Handled {
  return { response: { id: req.id, ok: false, kind: req.kind, error: { kind: 'no-scenario', message: 'no scenario is loaded' } } };
}

function viewOf(s: Scenario): ScenarioView {
  return {
    title: s.title,
    description: s.description,
    platform: s.platform,
    kernel: { vfio_container: s.kernel?.vfio_container ?? 'legacy' },
    hasPlatformOverrides: s.platform_overrides !== undefined,
    devices: s.devices,
    steps: s.steps,
  };
}
