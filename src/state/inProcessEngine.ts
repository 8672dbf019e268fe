// A SimEngine that runs the worker's session in the calling thread: for unit tests and
// debugging (the store cannot tell it from the worker client). Answers are asynchronous, like
// the worker's, so ordering bugs show up here too.

import type { WorkerStatus } from '../worker/client';
import { WorkerError } from '../worker/client';
import type { Request, RequestBody, RequestKind, ResultOf } from '../worker/protocol';
import { SimSession } from '../worker/session';
import type { TimelineOptions } from '../worker/timeline';
import type { SimEngine } from './engine';

export class InProcessEngine implements SimEngine {
  private session: SimSession;
  private nextId = 1;
  /** Every request sent, in order (tests check what reached the "worker"). */
  readonly sent: Request[] = [];

  constructor(private readonly options: TimelineOptions = {}) {
    this.session = new SimSession(options);
  }

  load(text: string, origin: string, opts: { trusted?: boolean } = {}): Promise<ResultOf['load']> {
    return this.ask<'load'>(opts.trusted === true ? { kind: 'load', text, origin, trusted: true } : { kind: 'load', text, origin });
  }
  runAll(): Promise<ResultOf['runAll']> {
    return this.ask<'runAll'>({ kind: 'runAll' });
  }
  seek(step: number): Promise<ResultOf['seek']> {
    return this.ask<'seek'>({ kind: 'seek', step });
  }
  walk(space: string, iova: bigint): Promise<ResultOf['walk']> {
    return this.ask<'walk'>({ kind: 'walk', space, iova });
  }
  /** A fresh session, as a restarted worker has (no scenario, no run). */
  restart(): void {
    this.session = new SimSession(this.options);
  }
  getStatus(): WorkerStatus {
    return { kind: 'ready' };
  }

  private async ask<K extends RequestKind>(body: RequestBody<K>): Promise<ResultOf[K]> {
    await Promise.resolve();
    const req = { ...body, id: this.nextId++ } as Request;
    this.sent.push(req);
    const res = this.session.handle(req).response;
    if (!res) throw new WorkerError('crashed', `the ${req.kind} request was lost`);
    if (!res.ok) throw new WorkerError('worker', res.error.message, res.error);
    return res.result as ResultOf[K];
  }
}
