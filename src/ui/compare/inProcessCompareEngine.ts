// Compare mode's engine in the calling thread: the worker's session answering asynchronously,
// as the worker does. For unit tests (the page uses WorkerCompareEngine).

import type { CompareResult, VariantSpec } from '../../core/compare';
import type { CompareSeekResult } from '../../worker/compare';
import { WorkerError } from '../../worker/client';
import type { LoadResult, Request, RequestBody, RequestKind, ResultOf } from '../../worker/protocol';
import * as compareCode from '../../worker/compare';
import { SimSession } from '../../worker/session';
import type { CompareEngine } from './compareEngine';
import { compareBody } from './compareEngine';

export class InProcessCompareEngine implements CompareEngine {
  private session = new SimSession({}, compareCode);
  private nextId = 1;
  /** Every request kind sent, in order (tests check what reached the "worker"). */
  readonly sent: RequestKind[] = [];

  load(text: string, origin: string): Promise<LoadResult> {
    return this.ask<'load'>({ kind: 'load', text, origin });
  }
  compare(a?: VariantSpec, b?: VariantSpec): Promise<CompareResult> {
    return this.ask<'compare'>(compareBody(a, b));
  }
  seek(step: number): Promise<CompareSeekResult> {
    return this.ask<'compare.seek'>({ kind: 'compare.seek', step });
  }
  onLost(): void {}
  dispose(): void {
    this.session = new SimSession({}, compareCode);
  }

  private async ask<K extends RequestKind>(body: RequestBody<K>): Promise<ResultOf[K]> {
    await Promise.resolve();
    const req = { ...body, id: this.nextId++ } as Request;
    this.sent.push(req.kind);
    const res = this.session.handle(req).response;
    if (!res) throw new WorkerError('crashed', `the ${req.kind} request was lost`);
    if (!res.ok) throw new WorkerError('worker', res.error.message, res.error);
    return res.result as ResultOf[K];
  }
}
