// The simulator worker's host: a thin one. It announces itself, checks each message's shape
// and passes it to the session (session.ts), which calls the core. Nothing here knows IOMMUs.
// Started by background.worker.ts in the worker named SIM_WORKER_NAME.
//
// Keep this free of UI imports (React, zustand, the DOM): the worker bundle must not pull in
// the main chunk.

import { isRequest, PROTOCOL_VERSION } from './protocol';
import type { ReadyMessage, Request, Response, WorkerMessage } from './protocol';
import { SimSession } from './session';
import type { HostFault } from './session';

// The worker global: typed structurally, since the app's tsconfig has the DOM lib, not WebWorker.
export interface SimWorkerScope {
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
  postMessage(msg: WorkerMessage, transfer?: Transferable[]): void;
  close(): void;
}

export function startSimHost(scope: SimWorkerScope): void {
  const session = new SimSession();
  const answer = (data: unknown): void => {
    if (!isRequest(data)) {
      const id = typeof data === 'object' && data !== null && typeof (data as { id?: unknown }).id === 'number' ? (data as { id: number }).id : -1;
      const reply: Response = { id, ok: false, kind: 'unknown', error: { kind: 'bad-request', message: 'malformed request' } };
      scope.postMessage(reply);
      return;
    }
    const { response, transfer, fault } = session.handle(data);
    if (response) scope.postMessage(response, transfer ?? []);
    if (fault) misbehave(scope, fault);
  };
  // Requests are answered in the order they came. A request that needs code the worker has not
  // loaded yet (compare mode's, or the vDPA / SVA / KVM families' for a scenario that uses them:
  // chunks of their own) first loads it; what arrives meanwhile waits in the queue behind it.
  const queue: unknown[] = [];
  let loading = false;
  const load = (code: Promise<void>): void => {
    loading = true;
    void code.finally(() => {
      loading = false;
      // Out of the promise chain: an exception while answering reaches the page as the
      // worker's error event (as it would from onmessage), not as a lost rejection.
      setTimeout(drain, 0);
    });
  };
  const lazyCode: readonly { wants(req: Request): boolean; take(): Promise<void>; failed(why: string): void }[] = [
    {
      wants: (req) => session.wantsCompareCode(req),
      take: () => import('./compare').then((code) => session.useCompareCode(code)),
      failed: (why) => session.compareCodeFailed(why),
    },
    {
      wants: (req) => session.wantsBeyondCode(req),
      take: () => import('../core/beyond/index').then((code) => session.useBeyondCode(code)),
      failed: (why) => session.beyondCodeFailed(why),
    },
  ];
  const drain = (): void => {
    while (!loading && queue.length > 0) {
      const data = queue[0];
      const lazy = isRequest(data) ? lazyCode.find((l) => l.wants(data)) : undefined;
      if (lazy) {
        // A failure to take the code in counts as a failure to load it: never an endless retry.
        load(lazy.take().catch((e: unknown) => lazy.failed(`its code could not be loaded (${messageOf(e)})`)));
        return;
      }
      queue.shift();
      answer(data);
    }
  };
  scope.onmessage = (ev) => {
    queue.push(ev.data);
    drain();
  };
  const ready: ReadyMessage = { kind: 'ready', protocol: PROTOCOL_VERSION };
  scope.postMessage(ready);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Test-only failures (protocol.ts, TestFaultRequest): what a crashed or stuck worker looks like. */
function misbehave(scope: SimWorkerScope, fault: HostFault): void {
  switch (fault) {
    case 'throw':
      // Outside any handler, so it is uncaught and reaches the page as the Worker's `error` event.
      setTimeout(() => {
        throw new Error('test fault: uncaught exception in the simulator worker');
      }, 0);
      return;
    case 'exit':
      scope.close();
      return;
    case 'hang': {
      // Never returns; the client's timeout terminates the worker.
      for (;;) {
        if (Date.now() < 0) return;
      }
    }
    default: {
      const never: never = fault;
      throw new Error(`unknown fault ${String(never)}`);
    }
  }
}
