// Where compare mode's simulation runs: its own worker (a second SimClient), so the explorer's
// worker keeps its scenario, run and cursor, and stepping never waits behind a comparison. The
// worker answers `compare` and `compare.seek` (worker/compare.ts). An in-process engine with the
// same shape serves unit tests (inProcessCompareEngine.ts, kept apart so the page bundle does not
// pull the simulator into the main thread).

import type { CompareResult, VariantSpec } from '../../core/compare';
import type { CompareSeekResult } from '../../worker/compare';
import { SimClient, spawnSimWorker } from '../../worker/client';
import type { LoadResult, RequestBody } from '../../worker/protocol';

export interface CompareEngine {
  load(text: string, origin: string): Promise<LoadResult>;
  compare(a?: VariantSpec, b?: VariantSpec): Promise<CompareResult>;
  seek(step: number): Promise<CompareSeekResult>;
  /** Called when the engine lost what it held (its worker crashed and restarted with the scenario only). */
  onLost(listener: () => void): void;
  dispose(): void;
}

/** Spreads only the sides given (an absent side means "the default" to the worker). */
export function compareBody(a?: VariantSpec, b?: VariantSpec): RequestBody<'compare'> {
  return { kind: 'compare', ...(a ? { a } : {}), ...(b ? { b } : {}) };
}

export class WorkerCompareEngine implements CompareEngine {
  private readonly client: SimClient;
  private lost: (() => void) | null = null;

  constructor() {
    this.client = new SimClient({ spawn: spawnSimWorker, onRecovered: () => this.lost?.() });
  }

  load(text: string, origin: string): Promise<LoadResult> {
    return this.client.load(text, `compare: ${origin}`);
  }
  compare(a?: VariantSpec, b?: VariantSpec): Promise<CompareResult> {
    return this.client.request<'compare'>(compareBody(a, b));
  }
  seek(step: number): Promise<CompareSeekResult> {
    return this.client.request<'compare.seek'>({ kind: 'compare.seek', step });
  }
  onLost(listener: () => void): void {
    this.lost = listener;
  }
  dispose(): void {
    this.client.dispose();
  }
}
