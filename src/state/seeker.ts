// Seeking: moves the explorer's cursor and fetches the snapshot of that step from the engine.
//
// The cursor moves at once (the step list follows the keyboard without waiting); the snapshot
// follows when the worker answers. A newer seek supersedes an older one: at most one seek is
// in flight, the latest wanted step waits behind it, and an answer that is not for the current
// cursor (or belongs to a scenario that has since been replaced) is dropped. So holding an
// arrow key never queues hundreds of seeks in the worker, and a slow answer never overwrites a
// newer one.

import { WorkerError } from '../worker/client';
import type { SeekResult } from '../worker/protocol';
import type { SimEngine } from './engine';

export interface SeekTarget {
  readonly step: number;
  /** The scenario generation the seek belongs to (the store bumps it on every load). */
  readonly generation: number;
}

export interface SeekerHooks {
  /** The cursor and generation now: answers for anything else are stale. */
  readonly current: () => SeekTarget;
  readonly applied: (r: SeekResult) => void;
  /** A seek failed for the current target (not a lost worker: recovery seeks again). */
  readonly failed: (message: string) => void;
  /** In flight or not (the store's idle signal). */
  readonly busy: (busy: boolean) => void;
}

export class Seeker {
  private wanted: SeekTarget | null = null;
  private inFlight = false;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly engine: Pick<SimEngine, 'seek'>,
    private readonly hooks: SeekerHooks,
  ) {}

  /** Asks for `target`; resolves once no seek is pending (this one's answer shown or dropped). */
  request(target: SeekTarget): Promise<void> {
    this.wanted = target;
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    void this.pump();
    return done;
  }

  /** Forget the wanted step (a new scenario is loading); an in-flight answer will be stale. */
  cancel(): void {
    this.wanted = null;
    if (!this.inFlight) this.settle();
  }

  get pending(): boolean {
    return this.inFlight || this.wanted !== null;
  }

  private async pump(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    this.hooks.busy(true);
    try {
      while (this.wanted) {
        const target = this.wanted;
        this.wanted = null;
        try {
          const r = await this.engine.seek(target.step);
          if (this.isCurrent(target) && r.snapshot.step === target.step) this.hooks.applied(r);
        } catch (e) {
          // A worker that crashed or timed out is restarted by the client, and the store seeks
          // again when it hears of the recovery; only a refusal is worth showing.
          const lost = e instanceof WorkerError && e.kind !== 'worker';
          if (!lost && this.isCurrent(target)) this.hooks.failed(e instanceof Error ? e.message : String(e));
        }
      }
    } finally {
      this.inFlight = false;
      this.hooks.busy(false);
      this.settle();
    }
  }

  private isCurrent(t: SeekTarget): boolean {
    const c = this.hooks.current();
    return c.step === t.step && c.generation === t.generation;
  }

  private settle(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}
