// Builds scenarios through the real parser and runner, as a scenario file would run, for the
// families' unit tests (tests/core/kvm, tests/core/sva). Steps can carry a label so that tests
// name the step they check instead of counting indices. A family gives its default platform and
// devices, and a Run subclass with accessors for its own state.
import { parseScenarioValue } from '../../src/core/scenario/parse';
import { runScenario } from '../../src/core/sim/run';
import type { StepResult } from '../../src/core/sim/run';
import type { Sim } from '../../src/core/sim/sim';

export type RawStep = Record<string, unknown>;

export const inspect = (target: string): RawStep => ({ op: 'inspect', target });

export interface ScriptDefaults {
  readonly platform: string;
  readonly devices: readonly unknown[];
}

export class LabelledScript<R extends Run> {
  readonly steps: RawStep[] = [];
  private readonly labels = new Map<string, number>();

  constructor(
    private readonly defaults: ScriptDefaults,
    private readonly RunOf: new (results: StepResult[], sim: Sim, labels: ReadonlyMap<string, number>) => R,
  ) {}

  /** Appends steps; `label` names the last of them. */
  add(label: string | null, ...steps: RawStep[]): this {
    this.steps.push(...steps);
    if (label) this.labels.set(label, this.steps.length - 1);
    return this;
  }

  run(opts: { platform?: string; devices?: unknown[] } = {}): R {
    const doc = {
      format: 'iova-atlas.scenario', version: 1, platform: opts.platform ?? this.defaults.platform,
      devices: opts.devices ?? this.defaults.devices,
      steps: this.steps,
    };
    const p = parseScenarioValue(doc);
    if (!p.ok) throw new Error('invalid scenario: ' + JSON.stringify(p.issues));
    const { results, sim } = runScenario(p.scenario);
    return new this.RunOf(results, sim, this.labels);
  }
}

/** The results of a run, looked up by step label. */
export class Run {
  constructor(readonly results: StepResult[], readonly sim: Sim, private readonly labels: ReadonlyMap<string, number>) {}

  r(label: string): StepResult {
    const i = this.labels.get(label);
    if (i === undefined) throw new Error(`no step labelled ${label}`);
    return this.results[i]!;
  }
  errno(label: string): string | null {
    const x = this.r(label);
    return x.ok ? null : x.errno;
  }
  out(label: string): Record<string, unknown> {
    const x = this.r(label);
    if (!x.ok) throw new Error(`${label} (${x.op}) failed: ${x.errno} ${x.reason}`);
    return x.out;
  }
  /** The simulator's note on a success, or the reason of a failure. */
  note(label: string): string {
    const x = this.r(label);
    return x.ok ? (x.note ?? '') : x.reason;
  }
}
