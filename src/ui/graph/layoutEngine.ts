// Where layouts come from: a cache by structure signature (a seek that changes no node or
// edge finds its layout here, so nothing moves), the main thread for small graphs (a few ms,
// and no flash of provisional positions), and the layout worker for large ones.
//
// Only the newest request matters: while the worker is busy, a newer request replaces any
// queued one (holding an arrow key through 50 steps costs at most two layouts, not 50). If
// the worker cannot start or fails, layouts run on the main thread: slower, never wrong.

import { computeLayout } from './layout';
import type { LayoutInput, LayoutResult } from './layout';
import type { LayoutRequest, LayoutResponse } from './layout.worker';

/** Up to this many nodes, layout runs synchronously on the main thread (well under 20 ms). */
export const SYNC_MAX_NODES = 80;
const CACHE_SIZE = 64;

export interface WorkerLike {
  onmessage: ((ev: MessageEvent<LayoutResponse>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  postMessage(msg: LayoutRequest): void;
  terminate(): void;
}

export function spawnLayoutWorker(): WorkerLike {
  return new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'iova-atlas graph layout' }) as unknown as WorkerLike;
}

interface Job {
  readonly signature: string;
  readonly input: LayoutInput;
  readonly resolve: (r: LayoutResult) => void;
  readonly reject: (e: Error) => void;
}

export class Superseded extends Error {
  constructor() {
    super('a newer layout was requested');
  }
}

export class LayoutEngine {
  private readonly cache = new Map<string, LayoutResult>();
  private worker: WorkerLike | null = null;
  private workerFailed = false;
  private inflight: (Job & { readonly id: number }) | null = null;
  private queued: Job | null = null;
  private nextId = 1;

  constructor(private readonly spawn: (() => WorkerLike) | null = spawnLayoutWorker) {}

  cached(signature: string): LayoutResult | undefined {
    const r = this.cache.get(signature);
    if (r) {
      // Most recently used last: the oldest is evicted first.
      this.cache.delete(signature);
      this.cache.set(signature, r);
    }
    return r;
  }

  /** Synchronous layout on this thread, cached. */
  computeNow(signature: string, input: LayoutInput): LayoutResult {
    const r = this.cached(signature) ?? computeLayout(input);
    this.store(signature, r);
    return r;
  }

  /** The layout, from the cache, this thread (small graphs) or the worker. */
  request(signature: string, input: LayoutInput): Promise<LayoutResult> {
    const hit = this.cached(signature);
    if (hit) return Promise.resolve(hit);
    if (input.nodes.length <= SYNC_MAX_NODES || !this.ensureWorker()) return Promise.resolve(this.computeNow(signature, input));
    if (this.inflight?.signature === signature) {
      const same = this.inflight;
      return new Promise((resolve, reject) => {
        const prevResolve = same.resolve;
        const prevReject = same.reject;
        this.inflight = { ...same, resolve: (r) => (prevResolve(r), resolve(r)), reject: (e) => (prevReject(e), reject(e)) };
      });
    }
    return new Promise((resolve, reject) => {
      this.queued?.reject(new Superseded());
      this.queued = { signature, input, resolve, reject };
      this.pump();
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.inflight?.reject(new Superseded());
    this.queued?.reject(new Superseded());
    this.inflight = null;
    this.queued = null;
  }

  private store(signature: string, r: LayoutResult): void {
    this.cache.set(signature, r);
    while (this.cache.size > CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private ensureWorker(): boolean {
    if (this.worker) return true;
    if (this.workerFailed || !this.spawn) return false;
    try {
      const w = this.spawn();
      w.onmessage = (ev) => this.onAnswer(ev.data);
      w.onerror = (ev) => {
        ev.preventDefault?.();
        this.fail(`the layout worker failed: ${ev.message || 'unknown error'}`);
      };
      this.worker = w;
      return true;
    } catch {
      this.workerFailed = true;
      return false;
    }
  }

  private pump(): void {
    if (this.inflight || !this.queued || !this.worker) return;
    const job = this.queued;
    this.queued = null;
    const id = this.nextId++;
    this.inflight = { ...job, id };
    this.worker.postMessage({ id, input: job.input });
  }

  private onAnswer(msg: LayoutResponse): void {
    const job = this.inflight;
    if (!job || job.id !== msg.id) return;
    this.inflight = null;
    if (msg.ok) {
      this.store(job.signature, msg.result);
      job.resolve(msg.result);
    } else {
      // A layout error is a bug in the layout, not in the worker: this thread would fail too,
      // so say it rather than retry.
      job.reject(new Error(msg.message));
    }
    this.pump();
  }

  /** The worker is gone: finish what was asked on this thread, and stay on it from now on. */
  private fail(_why: string): void {
    this.worker?.terminate();
    this.worker = null;
    this.workerFailed = true;
    const jobs = [this.inflight, this.queued].filter((j): j is Job & { id?: number } => j !== null);
    this.inflight = null;
    this.queued = null;
    for (const j of jobs) {
      try {
        j.resolve(this.computeNow(j.signature, j.input));
      } catch (e) {
        j.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }
}
