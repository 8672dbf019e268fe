// `window.iovaAtlas`: the explorer's automation API for Playwright (or any script in the page).
// Documented in the README ("Automating the explorer"). Everything it returns is plain JSON:
// 64-bit values as lowercase hex strings ("0x1000"), never numbers, so nothing is rounded on
// the way out of the page.
//
// `whenIdle()` resolves when the explorer is settled: nothing is loading or running, no worker
// request is pending, the snapshot shown is the one of the cursor's step, and no view reports
// drawing in progress (ui/automation.ts) — all of it true for two animation frames in a row,
// so that React has committed and every view has had its effects run.

import { toJsonValue } from '../../core/scenario/serialize';
import type { Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { ExplorerState, ExplorerStore, ViewMode } from '../../state/store';
import { VIEW_MODES } from '../../state/store';
import { busyViews, isDrawing, markBusy, markIdle } from '../automation';

export const AUTOMATION_VERSION = 1;

/** A selection as JSON: 64-bit fields as hex strings (or numbers / bigints on the way in). */
export type SelectionJson =
  | { kind: 'none' }
  | { kind: 'node'; id: string }
  | { kind: 'range'; space: string; first: string; last: string }
  | { kind: 'address'; space: string; iova: string };

export interface IovaAtlasApi {
  readonly version: number;
  /**
   * Loads a scenario (an object or JSON text); resolves when it ran and the explorer is settled.
   * `trusted: true` lifts the 8 MiB size cap to 64 MiB (benches load 100k-step scenarios): only a
   * script in the page can say it; files, links and fetches keep the 8 MiB cap.
   */
  load(scenario: object | string, opts?: { step?: number; origin?: string; trusted?: boolean }): Promise<LoadAnswer>;
  /** Moves to step `step` (-1: before the first step; clamped to the run); resolves settled, with the step shown. */
  seek(step: number): Promise<number>;
  /** Moves by `delta` steps; resolves settled, with the step shown. */
  step(delta: number): Promise<number>;
  /** The step the explorer is at (-1: before the first step). */
  cursor(): number;
  /** Every step's result: ok with out, or errno with reason and kernel source; plus unmet expects. */
  results(): unknown;
  /** The snapshot shown (topology, address spaces with their ranges, what the step changed). */
  state(): unknown;
  selection(): SelectionJson;
  select(sel: SelectionJson | { kind: string; [k: string]: unknown }): Promise<void>;
  /** The page walk of `iova` (hex string) in address space `space`, at the current step. */
  walk(space: string, iova: string): Promise<unknown>;
  view(mode?: ViewMode): ViewMode;
  /** Resolves when settled (see above); rejects after `timeoutMs` naming what is still busy. */
  whenIdle(opts?: { timeoutMs?: number }): Promise<void>;
  /** What is busy right now (empty when settled, apart from the two-frame rule). */
  busy(): string[];
}

export type LoadAnswer =
  | { ok: true; steps: number; ran: number; step: number }
  | { ok: false; problem: string; issues: { where: string; message: string }[] };

declare global {
  interface Window {
    /** The automation API (shell/automationApi.ts). */
    iovaAtlas?: IovaAtlasApi;
  }
}

/** What keeps the explorer from being settled now, in words (empty: settled). */
export function busyReasons(st: ExplorerState): string[] {
  const out: string[] = [];
  if (st.loading) out.push(`loading ${st.loading.origin}`);
  if (st.run.kind === 'running') out.push('running the scenario');
  if (st.seeking) out.push('seeking');
  if (st.current && st.run.kind === 'done' && st.snapshot?.step !== st.cursor && !st.seekError) out.push(`snapshot of step ${st.cursor} not shown yet`);
  const w = st.worker.kind;
  if (w === 'busy' || w === 'starting' || w === 'restarting') out.push(`worker ${w}`);
  if (isDrawing()) for (const v of busyViews()) out.push(`view "${v.key}" drawing (${v.ms} ms)`);
  return out;
}

export function snapshotJson(s: Snapshot | null): unknown {
  if (!s) return null;
  return {
    step: s.step,
    nodes: toJsonValue(s.nodes),
    edges: toJsonValue(s.edges),
    spaces: s.spaces.map((sp) => ({
      id: sp.id,
      kind: sp.kind,
      title: sp.title,
      node: sp.node,
      extent: toJsonValue(sp.extent),
      walkable: sp.walkable,
      layers: sp.layers.map((l) => ({
        kind: l.kind,
        ranges: Array.from(l.first, (first, i) => {
          const r: Record<string, string> = { first: hexOf(first), last: hexOf(l.last[i]!) };
          if (l.backing) r.backing = hexOf(l.backing[i]!);
          if (l.label?.[i] !== undefined) r.label = l.label[i]!;
          return r;
        }),
      })),
    })),
    changes: toJsonValue(s.changes),
  };
}

function hexOf(x: bigint): string {
  return '0x' + x.toString(16);
}

/** Accepts "0x..." / decimal strings, numbers that are safe integers, and bigints. */
function u64Of(x: unknown, what: string): bigint {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0) return BigInt(x);
  if (typeof x === 'string' && /^(0x[0-9a-f]+|[0-9]+)$/i.test(x.trim())) return BigInt(x.trim());
  throw new TypeError(`${what}: expected a 64-bit value as "0x..." (got ${JSON.stringify(typeof x === 'bigint' ? String(x) : x)})`);
}

function selectionOf(x: { kind: string; [k: string]: unknown }): Selection {
  switch (x.kind) {
    case 'none': return { kind: 'none' };
    case 'node': return { kind: 'node', id: String(x.id) };
    case 'range': return { kind: 'range', space: String(x.space), first: u64Of(x.first, 'first'), last: u64Of(x.last, 'last') };
    case 'address': return { kind: 'address', space: String(x.space), iova: u64Of(x.iova, 'iova') };
    default: throw new TypeError(`unknown selection kind ${JSON.stringify(x.kind)} (none, node, range, address)`);
  }
}

/** Two animation frames in a row with nothing busy; polls until then or the deadline. */
function settled(store: ExplorerStore, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    let quiet = 0;
    const tick = (): void => {
      const why = busyReasons(store.getState());
      quiet = why.length === 0 ? quiet + 1 : 0;
      if (quiet >= 2) return resolve();
      if (performance.now() > deadline) return reject(new Error(`iovaAtlas.whenIdle: still busy after ${timeoutMs} ms: ${why.join('; ') || 'unsettled'}`));
      next();
    };
    // A frame, or 100 ms when frames do not come (a hidden tab has no animation frames).
    const next = (): void => {
      let fired = false;
      const once = (): void => {
        if (fired) return;
        fired = true;
        tick();
      };
      requestAnimationFrame(once);
      setTimeout(once, 100);
    };
    next();
  });
}

export function installAutomationApi(store: ExplorerStore): IovaAtlasApi {
  const get = (): ExplorerState => store.getState();
  const whenIdle = (opts: { timeoutMs?: number } = {}): Promise<void> => settled(store, opts.timeoutMs ?? 30_000);

  const api: IovaAtlasApi = {
    version: AUTOMATION_VERSION,
    async load(scenario, opts = {}) {
      const text = typeof scenario === 'string' ? scenario : JSON.stringify(scenario, (_k, v: unknown) => (typeof v === 'bigint' ? hexOf(v) : v));
      const before = get().current;
      await get().openText(text, opts.origin ?? 'automation', null, {
        ...(opts.step === undefined ? {} : { step: opts.step }),
        ...(opts.trusted === true ? { trusted: true } : {}),
      });
      const st = get();
      if (st.current === before || !st.current) {
        const p = st.problem;
        return { ok: false, problem: p?.message ?? 'not loaded', issues: (p?.issues ?? []).map((i) => ({ where: i.where, message: i.message })) };
      }
      await whenIdle();
      const s = get();
      return { ok: true, steps: s.current!.view.steps.length, ran: s.run.kind === 'done' ? s.run.run.results.length : 0, step: s.cursor };
    },
    async seek(step) {
      await get().seek(step);
      await whenIdle();
      return get().snapshot?.step ?? get().cursor;
    },
    async step(delta) {
      await get().stepBy(delta);
      await whenIdle();
      return get().snapshot?.step ?? get().cursor;
    },
    cursor: () => get().cursor,
    results() {
      const r = get().run;
      if (r.kind !== 'done') return { state: r.kind, results: [] };
      return toJsonValue({
        state: 'done',
        results: r.run.results.map((x, i) => ({ ...x, mismatch: r.run.mismatches[i] ?? null })),
        bug: r.run.bug,
      });
    },
    state: () => snapshotJson(get().snapshot),
    selection: () => toJsonValue(get().selection) as SelectionJson,
    async select(sel) {
      get().select(selectionOf(sel));
      await whenIdle();
    },
    async walk(space, iova) {
      await whenIdle();
      return toJsonValue(await get().walk(space, u64Of(iova, 'iova')));
    },
    view(mode) {
      if (mode !== undefined) {
        if (!VIEW_MODES.includes(mode)) throw new TypeError(`view mode is one of ${VIEW_MODES.join(', ')}`);
        get().setViewMode(mode);
      }
      return get().viewMode;
    },
    whenIdle,
    busy: () => busyReasons(get()),
  };
  window.iovaAtlas = api;
  // The e2e tests (and only they: the flag is set before the page loads) play a view that draws.
  if (window.__iovaAtlasTestEnable === true) (window as unknown as { __iovaAtlasDrawing: unknown }).__iovaAtlasDrawing = { markBusy, markIdle };
  return api;
}
