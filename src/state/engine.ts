// What the UI state needs from the simulator. The worker client (worker/client.ts) is the
// production implementation; anything with the same shape (an in-process engine for tests or
// debugging) can stand in for it.

import type { WorkerStatus } from '../worker/client';
import type { LoadResult, PageWalkResult, RunAllResult, SeekResult } from '../worker/protocol';

export interface SimEngine {
  /** `trusted`: an in-page caller's text, allowed past the 8 MiB cap (up to 64 MiB). */
  load(text: string, origin: string, opts?: { trusted?: boolean }): Promise<LoadResult>;
  runAll(): Promise<RunAllResult>;
  /** The snapshot after step `step` of the last run (-1: before the first step). */
  seek(step: number): Promise<SeekResult>;
  /** The page walk of `iova` in address space `space` at the step of the last seek. */
  walk(space: string, iova: bigint): Promise<PageWalkResult>;
  restart(): void;
  getStatus(): WorkerStatus;
}
