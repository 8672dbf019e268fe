// Where layouts come from (src/ui/graph/layoutEngine.ts), with a fake worker: the cache, the
// main-thread path for small graphs, newest-wins while the worker is busy, and the fallback
// to the main thread when the worker dies.
import { describe, expect, it } from 'vitest';
import { computeLayout, layoutInputOf } from '../../../src/ui/graph/layout';
import { LayoutEngine, Superseded, SYNC_MAX_NODES } from '../../../src/ui/graph/layoutEngine';
import type { WorkerLike } from '../../../src/ui/graph/layoutEngine';
import type { LayoutRequest, LayoutResponse } from '../../../src/ui/graph/layout.worker';
import { buildGraphModel } from '../../../src/ui/graph/model';
import { bigMachine, type1Story } from './fixtures';

class FakeWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent<LayoutResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  readonly sent: LayoutRequest[] = [];
  terminated = false;
  postMessage(msg: LayoutRequest): void {
    this.sent.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Answers the oldest unanswered request, as the real worker would. */
  answer(): void {
    const req = this.sent.shift()!;
    this.onmessage?.({ data: { id: req.id, ok: true, result: computeLayout(req.input) } } as MessageEvent<LayoutResponse>);
  }
  crash(): void {
    this.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
  }
}

/** Just past the main-thread limit, so it goes to the worker. */
const big = (groups: number) => {
  const m = buildGraphModel(bigMachine(groups, 2, 4), null);
  expect(m.nodes.length).toBeGreaterThan(SYNC_MAX_NODES);
  return { sig: m.signature, input: layoutInputOf(m) };
};

describe('layout engine', { timeout: 20_000 }, () => {
  it('lays small graphs out at once on this thread, and caches by signature', async () => {
    let spawned = 0;
    const e = new LayoutEngine(() => {
      spawned++;
      return new FakeWorker();
    });
    const m = buildGraphModel(type1Story(3), null);
    expect(m.nodes.length).toBeLessThanOrEqual(SYNC_MAX_NODES);
    const r = await e.request(m.signature, layoutInputOf(m));
    expect(spawned).toBe(0);
    expect(e.cached(m.signature)).toBe(r);
  });

  it('sends large graphs to the worker, newest request wins while it is busy', async () => {
    const w = new FakeWorker();
    const e = new LayoutEngine(() => w);
    const a = big(12);
    const b = big(13);
    const c = big(14);
    const pa = e.request(a.sig, a.input);
    const pb = e.request(b.sig, b.input);
    const pc = e.request(c.sig, c.input);
    await expect(pb).rejects.toBeInstanceOf(Superseded);
    expect(w.sent.length).toBe(1); // a in flight; b replaced by c in the queue
    w.answer();
    const ra = await pa;
    expect(e.cached(a.sig)).toBe(ra);
    expect(w.sent.length).toBe(1); // c sent once a came back
    w.answer();
    expect(await pc).toBe(e.cached(c.sig));
  });

  it('finishes on this thread when the worker dies, and stays there', async () => {
    const w = new FakeWorker();
    const e = new LayoutEngine(() => w);
    const a = big(12);
    const pa = e.request(a.sig, a.input);
    w.crash();
    const ra = await pa;
    expect(ra.positions[a.input.nodes[0]!.id]).toBeDefined();
    expect(w.terminated).toBe(true);
    const b = big(13);
    await e.request(b.sig, b.input);
    expect(w.sent.length).toBe(1); // nothing more was sent to the dead worker
  });

  it('works without a worker at all', async () => {
    const e = new LayoutEngine(null);
    const a = big(12);
    expect((await e.request(a.sig, a.input)).provisional).toBe(false);
  });
});
