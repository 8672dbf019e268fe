// The explorer store's time travel: the cursor after a run, clamped seeks, newer seeks
// superseding older ones, the selection surviving a seek only when what it names still exists,
// edits that load only when valid, and the re-seek after a worker recovery.

import { describe, expect, it } from 'vitest';
import type { Snapshot, TopoNode } from '../../src/core/view/types';
import type { SimEngine } from '../../src/state/engine';
import { InProcessEngine } from '../../src/state/inProcessEngine';
import { createExplorerStore } from '../../src/state/store';
import type { ExplorerStore } from '../../src/state/store';
import type { SeekResult } from '../../src/worker/protocol';
import { example } from '../worker/scenarios';

const { text, scenario } = example('seed004-last-group-leaves.json');
const last = scenario.steps.length - 1;

function storeWith(engine: SimEngine): ExplorerStore {
  return createExplorerStore({ engine, theme: 'light', storage: null, fetchFn: () => Promise.reject(new Error('no fetch in tests')) });
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const node = (id: string): TopoNode => ({ id, kind: 'group', label: id, attrs: {} });
const NO_CHANGES = { addedNodes: [], removedNodes: [], changedNodes: [], ranges: [], summary: [] };
const snap = (step: number, nodes: string[]): Snapshot => ({ step, nodes: nodes.map(node), edges: [], spaces: [], changes: NO_CHANGES });

/** The real session for load/runAll; seeks answered by hand (deferred) with chosen snapshots. */
class ManualSeeks extends InProcessEngine {
  readonly seeks: { step: number; answer: (r: SeekResult) => void }[] = [];
  override seek(step: number): Promise<SeekResult> {
    const d = deferred<SeekResult>();
    this.seeks.push({ step, answer: d.resolve });
    return d.promise;
  }
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('explorer store: seeking', () => {
  it('goes to the last step after a run, or to the step asked for; seeks clamp to the run', async () => {
    const store = storeWith(new InProcessEngine());
    await store.getState().openText(text, 't');
    expect(store.getState().cursor).toBe(last);
    expect(store.getState().snapshot?.step).toBe(last);
    await store.getState().openText(text, 't', null, { step: 2 });
    expect(store.getState().snapshot?.step).toBe(2);
    await store.getState().seek(10_000);
    expect(store.getState().cursor).toBe(last);
    await store.getState().seek(-50);
    expect(store.getState().snapshot?.step).toBe(-1);
    await store.getState().stepBy(1);
    expect(store.getState().snapshot?.step).toBe(0);
    expect(store.getState().lastSeek).toMatchObject({ step: 0, replayed: 0 });
  });

  it('a newer seek supersedes an older one: one in flight, intermediate targets skipped, stale answers dropped', async () => {
    const engine = new ManualSeeks();
    const store = storeWith(engine);
    const opened = store.getState().openText(text, 't', null, { step: 0 });
    await flush();
    await flush();
    expect(engine.seeks.map((s) => s.step)).toEqual([0]);
    engine.seeks[0]!.answer({ snapshot: snap(0, []), replayed: 0, ms: 0, buildMs: 0 });
    await opened;
    const a = store.getState().seek(1);
    const b = store.getState().seek(2);
    const c = store.getState().seek(3);
    expect(store.getState().cursor).toBe(3);
    expect(engine.seeks.map((s) => s.step)).toEqual([0, 1]);
    engine.seeks[1]!.answer({ snapshot: snap(1, []), replayed: 0, ms: 0, buildMs: 0 });
    await flush();
    // The answer for 1 is stale (the cursor is at 3) and 2 was never sent.
    expect(store.getState().snapshot?.step).toBe(0);
    expect(engine.seeks.map((s) => s.step)).toEqual([0, 1, 3]);
    engine.seeks[2]!.answer({ snapshot: snap(3, []), replayed: 0, ms: 0, buildMs: 0 });
    await Promise.all([a, b, c]);
    expect(store.getState().snapshot?.step).toBe(3);
    expect(store.getState().seeking).toBe(false);
  });

  it('keeps the selection across a seek when its node still exists, and clears it otherwise', async () => {
    const engine = new ManualSeeks();
    const store = storeWith(engine);
    const opened = store.getState().openText(text, 't', null, { step: 0 });
    await flush();
    await flush();
    engine.seeks[0]!.answer({ snapshot: snap(0, ['group:26', 'container:1']), replayed: 0, ms: 0, buildMs: 0 });
    await opened;
    store.getState().select({ kind: 'node', id: 'container:1' });
    let p = store.getState().seek(1);
    engine.seeks[1]!.answer({ snapshot: snap(1, ['container:1']), replayed: 0, ms: 0, buildMs: 0 });
    await p;
    expect(store.getState().selection).toEqual({ kind: 'node', id: 'container:1' });
    p = store.getState().seek(2);
    engine.seeks[2]!.answer({ snapshot: snap(2, ['group:26']), replayed: 0, ms: 0, buildMs: 0 });
    await p;
    expect(store.getState().selection).toEqual({ kind: 'none' });
  });

  it('an address selection becomes the page-walk target, and walks go to the engine', async () => {
    const store = storeWith(new InProcessEngine());
    await store.getState().openText(text, 't');
    store.getState().select({ kind: 'address', space: 'container:1', iova: 1n << 59n });
    expect(store.getState().walkTarget).toEqual({ space: 'container:1', iova: 1n << 59n });
    store.getState().select({ kind: 'none' });
    expect(store.getState().walkTarget).toEqual({ space: 'container:1', iova: 1n << 59n });
    const w = await store.getState().walk('container:1', 0x1000n);
    expect(w).toMatchObject({ space: 'container:1', iova: 0x1000n });
  });
});

describe('explorer store: edits and recovery', () => {
  it('an invalid edit changes nothing; a valid one loads, runs and keeps the cursor', async () => {
    const store = storeWith(new InProcessEngine());
    await store.getState().openText(text, 'example seed004', '/scenarios/seed004-last-group-leaves.json', { step: 3 });
    const before = store.getState().current;
    const bad = await store.getState().applyEdit('{"format": "iova-atlas.scenario"}');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.issues.length).toBeGreaterThan(0);
    expect(store.getState().current).toBe(before);
    expect(store.getState().snapshot?.step).toBe(3);
    const doc = JSON.parse(text) as { title: string };
    doc.title = 'edited title';
    const good = await store.getState().applyEdit(JSON.stringify(doc));
    expect(good).toEqual({ ok: true });
    expect(store.getState().current?.view.title).toBe('edited title');
    expect(store.getState().current?.src).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getState().snapshot?.step).toBe(3);
  });

  it('after a worker recovery, seeks back to the cursor (the new worker runs on that seek)', async () => {
    const engine = new InProcessEngine();
    const store = storeWith(engine);
    await store.getState().openText(text, 't', null, { step: 2 });
    const count = store.getState().lastSeek!.count;
    // What the client does: a fresh worker, the scenario replayed into it, then the event.
    engine.restart();
    await engine.load(text, 't');
    store.getState().workerRecovered({ reason: 'crashed: test', lost: [], replayed: 't', recent: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getState().lastSeek).toMatchObject({ step: 2, count: count + 1 });
    const kinds = engine.sent.map((r) => r.kind);
    expect(kinds.slice(-2)).toEqual(['load', 'seek']);
  });
});
