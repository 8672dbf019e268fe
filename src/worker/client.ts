// The UI side of the worker protocol: typed promises over postMessage, per-request timeouts
// and crash recovery.
//
// Every request is settled exactly once: by the worker's answer, by its timeout, or by a crash
// of the worker. When the worker errors, dies or stops answering, the client says so (status
// and a recovery event), rejects everything pending with a WorkerError, starts a new worker
// and replays the last scenario that loaded successfully, so the new worker holds the same
// scenario as the old one (the store then seeks back to its cursor; the worker runs the
// scenario again on that first seek). A worker that keeps crashing is given up on (status 'failed')
// rather than restarted forever; `restart()` tries again on the user's request.
//
// The worker factory is injected (`spawn`), so the same class runs against a fake in tests.

import { SIM_WORKER_NAME } from './names';
import { PROTOCOL_VERSION, isWorkerMessage } from './protocol';
import type { Request, RequestBody, RequestKind, ResultOf, WorkerErrorInfo, WorkerMessage } from './protocol';

/** The part of `Worker` the client uses. */
export interface WorkerLike {
  postMessage(msg: Request): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onmessageerror: ((ev: MessageEvent<unknown>) => void) | null;
}

export type WorkerStatus =
  | { readonly kind: 'starting' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'busy'; readonly request: RequestKind }
  | { readonly kind: 'restarting'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export interface RecoveryEvent {
  /** What happened to the old worker, in words ("crashed: ...", "did not answer ... in 60 s"). */
  readonly reason: string;
  /** The requests that were lost with it (rejected with a WorkerError). */
  readonly lost: readonly RequestKind[];
  /** The origin of the scenario replayed into the new worker, or null if none was loaded. */
  readonly replayed: string | null;
  /** Crashes within the recent window (the client gives up past `maxRestarts`). */
  readonly recent: number;
}

export type WorkerErrorKind = 'crashed' | 'timeout' | 'worker' | 'gave-up' | 'disposed';

/** Why a request did not get a result. `info` is the worker's own answer for kind 'worker'. */
export class WorkerError extends Error {
  constructor(
    readonly kind: WorkerErrorKind,
    message: string,
    readonly info?: WorkerErrorInfo,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

export interface ClientOptions {
  readonly spawn: () => WorkerLike;
  readonly onStatus?: (s: WorkerStatus) => void;
  readonly onRecovered?: (e: RecoveryEvent) => void;
  /** Per-kind timeouts in ms (defaults: DEFAULT_TIMEOUTS). */
  readonly timeouts?: Partial<Record<RequestKind, number>>;
  /** Give up after more than this many crashes within `crashWindowMs`. */
  readonly maxRestarts?: number;
  readonly crashWindowMs?: number;
}

/**
 * Generous: a valid 8 MiB scenario parses in well under a second; a run that takes a minute is
 * stuck (or the worker is dead and will never answer, which only a timeout can notice).
 */
export const DEFAULT_TIMEOUTS: Readonly<Record<RequestKind, number>> = {
  load: 20_000,
  runAll: 60_000,
  // A seek replays at most one checkpoint interval; but on a restarted worker it runs the
  // whole scenario first (session.ts ensureRun), so it gets a run's allowance.
  seek: 60_000,
  walk: 20_000,
  'test.fault': 5_000,
  // Compare mode runs the scenario twice in lockstep, comparing the state at every step.
  compare: 60_000,
  // The first seek of a comparison records both sides' timelines (two runs).
  'compare.seek': 60_000,
};

interface Pending {
  readonly kind: RequestKind;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: WorkerError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class SimClient {
  private worker: WorkerLike | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private status: WorkerStatus = { kind: 'starting' };
  private lastLoad: { text: string; origin: string; trusted: boolean } | null = null;
  private crashTimes: number[] = [];
  private disposed = false;

  constructor(private readonly opts: ClientOptions) {
    this.start(null);
  }

  getStatus(): WorkerStatus {
    return this.status;
  }

  /** `trusted`: text from an in-page caller, allowed up to 64 MiB (protocol.ts LoadRequest). */
  load(text: string, origin: string, opts: { trusted?: boolean } = {}): Promise<ResultOf['load']> {
    const trusted = opts.trusted === true;
    return this.request<'load'>(trusted ? { kind: 'load', text, origin, trusted } : { kind: 'load', text, origin }).then((r) => {
      // Remembered for replay only once the worker accepted it (it keeps the old one otherwise).
      if (r.ok) this.lastLoad = { text, origin, trusted };
      return r;
    });
  }

  runAll(): Promise<ResultOf['runAll']> {
    return this.request<'runAll'>({ kind: 'runAll' });
  }

  /** The snapshot after step `step` (-1: before the first step); see protocol.ts SeekRequest. */
  seek(step: number): Promise<ResultOf['seek']> {
    return this.request<'seek'>({ kind: 'seek', step });
  }

  /** The page walk of `iova` in `space` at the worker's cursor (the last seek). */
  walk(space: string, iova: bigint): Promise<ResultOf['walk']> {
    return this.request<'walk'>({ kind: 'walk', space, iova });
  }

  /** Test-only: see protocol.ts TestFaultRequest. Reached only through window.__iovaAtlasTest. */
  testFault(fault: 'throw' | 'exit' | 'hang' | 'bug', opts: { step?: number; timeoutMs?: number } = {}): Promise<ResultOf['test.fault']> {
    const body: RequestBody<'test.fault'> = opts.step === undefined ? { kind: 'test.fault', fault } : { kind: 'test.fault', fault, step: opts.step };
    return this.request(body, opts.timeoutMs);
  }

  /** Start a fresh worker on the user's request (after the client gave up, or any time). */
  restart(): void {
    if (this.disposed) return;
    this.crashTimes = [];
    this.fail('was restarted on request', 'crashed');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopWorker();
    this.rejectAll((kind) => new WorkerError('disposed', `the ${kind} request was cancelled: the simulator was shut down`));
  }

  request<K extends RequestKind>(body: RequestBody<K>, timeoutMs?: number): Promise<ResultOf[K]> {
    if (this.disposed) return Promise.reject(new WorkerError('disposed', 'the simulator was shut down'));
    if (this.status.kind === 'failed' || !this.worker) {
      const why = this.status.kind === 'failed' ? this.status.reason : 'no worker';
      return Promise.reject(new WorkerError('gave-up', `the simulator worker is not running (${why}); restart it`));
    }
    const id = this.nextId++;
    const kind = body.kind as K;
    const ms = timeoutMs ?? this.opts.timeouts?.[kind] ?? DEFAULT_TIMEOUTS[kind];
    const promise = new Promise<ResultOf[K]>((resolve, reject) => {
      const timer = setTimeout(() => this.onTimeout(id, kind, ms), ms);
      this.pending.set(id, { kind, resolve: resolve as (v: unknown) => void, reject, timer });
    });
    const worker = this.worker;
    try {
      worker.postMessage({ ...body, id } as Request);
    } catch (e) {
      // Cloning failed (a value that cannot cross threads): this request only, the worker is fine.
      this.settle(id)?.reject(new WorkerError('worker', `could not send the ${kind} request: ${e instanceof Error ? e.message : String(e)}`));
    }
    this.updateBusy();
    return promise;
  }

  // ------------------------------------------------------------ worker lifecycle

  private start(recovery: { reason: string; lost: RequestKind[] } | null): void {
    let worker: WorkerLike;
    try {
      worker = this.opts.spawn();
    } catch (e) {
      this.setStatus({ kind: 'failed', reason: `the simulator worker could not start: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    this.worker = worker;
    worker.onmessage = (ev) => this.onMessage(worker, ev.data);
    worker.onerror = (ev) => {
      // An ErrorEvent for an uncaught exception (or a script that failed to load).
      ev.preventDefault?.();
      const msg = 'message' in ev && typeof ev.message === 'string' && ev.message ? ev.message : 'the worker script failed';
      if (this.worker === worker) this.fail(`crashed: ${msg}`, 'crashed');
    };
    worker.onmessageerror = () => {
      if (this.worker === worker) this.fail('sent a message that could not be read', 'crashed');
    };
    this.setStatus(recovery ? { kind: 'restarting', reason: recovery.reason } : { kind: 'starting' });
    if (!recovery) return;
    const replay = this.lastLoad;
    const report = (): void => {
      this.opts.onRecovered?.({ reason: recovery.reason, lost: recovery.lost, replayed: replay?.origin ?? null, recent: this.crashTimes.length });
    };
    if (!replay) {
      report();
      return;
    }
    // The new worker's queue starts with the replay, so anything sent after it sees the scenario.
    const body: RequestBody<'load'> = { kind: 'load', text: replay.text, origin: replay.origin };
    this.request<'load'>(replay.trusted ? { ...body, trusted: true } : body).then(report, () => {
      // The replay itself was lost (the new worker crashed too): that crash reports itself.
    });
  }

  private stopWorker(): void {
    const w = this.worker;
    if (!w) return;
    w.onmessage = null;
    w.onerror = null;
    w.onmessageerror = null;
    w.terminate();
    this.worker = null;
  }

  /** The worker is unusable: reject what is pending, then restart it (or give up). */
  private fail(reason: string, kind: 'crashed' | 'timeout', timedOutId?: number): void {
    if (this.disposed) return;
    this.stopWorker();
    const lost: RequestKind[] = [];
    this.rejectAll((k, id) => {
      lost.push(k);
      const mine = id === timedOutId;
      return new WorkerError(mine ? 'timeout' : kind, `the simulator worker ${reason}; the ${k} request was lost and the worker restarted`);
    });
    const now = Date.now();
    const window = this.opts.crashWindowMs ?? 60_000;
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < window), now];
    const max = this.opts.maxRestarts ?? 3;
    if (this.crashTimes.length > max) {
      this.setStatus({ kind: 'failed', reason: `the simulator worker ${reason}, and failed ${this.crashTimes.length} times within ${Math.round(window / 1000)} s` });
      return;
    }
    this.start({ reason, lost });
  }

  private onTimeout(id: number, kind: RequestKind, ms: number): void {
    if (!this.pending.has(id)) return;
    // A worker that does not answer is stuck or dead; either way it cannot be trusted again.
    this.fail(`did not answer a ${kind} request within ${formatMs(ms)}`, 'crashed', id);
  }

  // ------------------------------------------------------------ messages

  private onMessage(from: WorkerLike, data: unknown): void {
    if (from !== this.worker) return;
    if (!isWorkerMessage(data)) {
      this.fail('sent a message outside the protocol', 'crashed');
      return;
    }
    this.dispatch(data);
  }

  private dispatch(m: WorkerMessage): void {
    if (m.kind === 'ready') {
      if (m.protocol !== PROTOCOL_VERSION) {
        this.stopWorker();
        this.rejectAll((k) => new WorkerError('worker', `the ${k} request was lost: the worker speaks protocol ${m.protocol}, the page ${PROTOCOL_VERSION} (reload the page)`));
        this.setStatus({ kind: 'failed', reason: `worker protocol ${m.protocol} does not match the page's ${PROTOCOL_VERSION}; reload the page` });
        return;
      }
      this.updateBusy();
      return;
    }
    const p = this.settle(m.id);
    if (!p) {
      // An answer to nothing: the two sides disagree about the conversation. Fail loudly.
      this.fail(`answered request ${m.id}, which is not pending (protocol error)`, 'crashed');
      return;
    }
    if (m.ok) p.resolve(m.result);
    else p.reject(new WorkerError('worker', m.error.message, m.error));
    this.updateBusy();
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    clearTimeout(p.timer);
    this.pending.delete(id);
    return p;
  }

  private rejectAll(make: (kind: RequestKind, id: number) => WorkerError): void {
    const all = [...this.pending.entries()];
    this.pending.clear();
    for (const [id, p] of all) {
      clearTimeout(p.timer);
      p.reject(make(p.kind, id));
    }
  }

  private updateBusy(): void {
    if (!this.worker || this.status.kind === 'failed') return;
    const first = this.pending.values().next();
    this.setStatus(first.done ? { kind: 'ready' } : { kind: 'busy', request: first.value.kind });
  }

  private setStatus(s: WorkerStatus): void {
    const cur = this.status;
    if (cur.kind === s.kind && JSON.stringify(cur) === JSON.stringify(s)) return;
    this.status = s;
    this.opts.onStatus?.(s);
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The production worker (Vite bundles it as a separate module chunk). */
export function spawnSimWorker(): WorkerLike {
  return new Worker(new URL('./background.worker.ts', import.meta.url), { type: 'module', name: SIM_WORKER_NAME }) as unknown as WorkerLike;
}
