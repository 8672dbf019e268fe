// What the UI state needs from the simulator. The worker client (worker/client.ts) is the
// production implementation; anything with the same shape (an in-process engine for tests or
// debugging) can stand in for it.

import type { WorkerStatus } from '../worker/client';
import type { LoadResult, RunAllResult } from '../worker/protocol';

export interface SimEngine {
  load(text: string, origin: string): Promise<LoadResult>;
  runAll(): Promise<RunAllResult>;
  restart(): void;
  getStatus(): WorkerStatus;
}
