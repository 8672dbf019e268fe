// The address bar's link with the real explorer store (the simulator in this thread): the link
// follows the screen (debounced, one write per quiet moment), opening a link reproduces the
// scenario, step, selection, view, walk target and map window, a bad link leaves the current
// work alone and says why, ?src= is the fallback and the provenance, and a screen no link can
// hold removes the stale link from the address.

import { deflateSync as deflateRaw } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeLink, encodeLink } from '../../../src/core/share';
import { InProcessEngine } from '../../../src/state/inProcessEngine';
import { createExplorerStore } from '../../../src/state/store';
import type { ExplorerStore } from '../../../src/state/store';
import type { PageLocation } from '../../../src/ui/share/addressBar';
import { AddressBarSync } from '../../../src/ui/share/addressBar';
import type { LinkCodec } from '../../../src/ui/share/codec';
import { InlineCodec } from '../../../src/ui/share/codec';
import type { MapWindow } from '../../../src/ui/share/linkState';
import { createShareStore } from '../../../src/ui/share/shareStore';
import type { ShareStore } from '../../../src/ui/share/shareStore';
import { example } from '../../worker/scenarios';

const { text, scenario } = example('type1-map-overlap-eexist.json');
const other = example('seed004-last-group-leaves.json');
const LAST = scenario.steps.length - 1;

class FakeLocation implements PageLocation {
  writes: string[] = [];
  constructor(public h = '', public s = '') {}
  hash(): string {
    return this.h;
  }
  search(): string {
    return this.s;
  }
  replaceHash(fragment: string): void {
    this.h = fragment;
    this.writes.push(fragment);
  }
}

interface Rig {
  store: ExplorerStore;
  share: ShareStore;
  loc: FakeLocation;
  sync: AddressBarSync;
  engine: InProcessEngine;
  placed: MapWindow[];
  fetched: string[];
}

function rig(opts: { hash?: string; search?: string; codec?: LinkCodec; map?: MapWindow | null } = {}): Rig {
  const engine = new InProcessEngine();
  const fetched: string[] = [];
  const fetchFn = ((url: string) => {
    fetched.push(url);
    return Promise.resolve(new Response(other.text, { status: 200, headers: { 'content-type': 'application/json' } }));
  }) as typeof fetch;
  const store = createExplorerStore({ engine, theme: 'light', storage: null, fetchFn });
  const share = createShareStore();
  const loc = new FakeLocation(opts.hash ?? '', opts.search ?? '');
  const placed: MapWindow[] = [];
  const sync = new AddressBarSync({
    store,
    share,
    codec: opts.codec ?? new InlineCodec(),
    location: loc,
    readMap: () => opts.map ?? null,
    placeMap: (w) => {
      placed.push(w);
      return Promise.resolve(true);
    },
    debounceMs: 5,
  });
  return { store, share, loc, sync, engine, placed, fetched };
}

/** Waits until `cond` holds (the sync is asynchronous: debounce, codec, store). */
async function until(cond: () => boolean, what: string, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const settle = (ms = 40): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('address bar: the link follows the screen', () => {
  it('holds a link to the scenario, the step, the selection and the view once the scenario ran', async () => {
    const r = rig();
    r.sync.start();
    await r.store.getState().openText(text, 't');
    await until(() => r.loc.h.startsWith('#s=1.'), 'a link in the address');
    const d = decodeLink(r.loc.h);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.step).toBe(LAST);
    expect(d.view.mode).toBe('split');
    expect(d.selection).toEqual({ kind: 'none' });
    expect(d.scenario.steps.length).toBe(scenario.steps.length);
    expect(r.share.getState().link).toEqual({ kind: 'ok', fragment: r.loc.h });

    await r.store.getState().seek(3);
    r.store.getState().setViewMode('map');
    r.store.getState().select({ kind: 'address', space: 'x', iova: 0xffff_ffff_ffff_f000n });
    await until(() => {
      const e = decodeLink(r.loc.h);
      return e.ok && e.step === 3 && e.view.mode === 'map';
    }, 'the link of step 3 in map mode');
    const e = decodeLink(r.loc.h);
    if (!e.ok) throw new Error(e.message);
    expect(e.selection).toEqual({ kind: 'address', space: 'x', iova: 0xffff_ffff_ffff_f000n });
    expect(e.view.walk).toEqual({ space: 'x', iova: 0xffff_ffff_ffff_f000n });
    r.sync.dispose();
  });

  it('rewrites the address once per quiet moment, not once per step', async () => {
    const r = rig();
    r.sync.start();
    await r.store.getState().openText(text, 't');
    await until(() => r.loc.writes.length === 1, 'the first write');
    for (let i = 0; i < 6; i++) void r.store.getState().stepBy(-1);
    await until(() => r.loc.writes.length === 2, 'the second write');
    await settle();
    expect(r.loc.writes.length).toBe(2);
    const d = decodeLink(r.loc.h);
    expect(d.ok && d.step).toBe(r.store.getState().cursor);
    r.sync.dispose();
  });

  it('records the map window only when given (the user placed it) and not in graph mode', async () => {
    const map = { start: 0xfee0_0000n, span: 0x10_0000n };
    const r = rig({ map });
    r.sync.start();
    await r.store.getState().openText(text, 't');
    await until(() => r.loc.h.startsWith('#s='), 'a link');
    let d = decodeLink(r.loc.h);
    expect(d.ok && d.view.map).toEqual(map);
    r.store.getState().setViewMode('graph');
    await until(() => {
      const e = decodeLink(r.loc.h);
      return e.ok && e.view.mode === 'graph';
    }, 'graph mode');
    d = decodeLink(r.loc.h);
    expect(d.ok && d.view.map).toBeUndefined();
    r.sync.dispose();
  });

  it('removes a stale link when no link can hold the screen, and says why', async () => {
    const refusing: LinkCodec = {
      encode: () => Promise.resolve({ ok: false, reason: 'too-large', message: 'the link would be 3000000 characters' }),
      decode: (f) => new InlineCodec().decode(f),
      dispose: () => {},
    };
    const r = rig({ codec: refusing });
    r.loc.h = '#s=1.stale';
    await r.store.getState().openText(text, 't');
    r.sync.poke();
    await until(() => r.share.getState().link.kind === 'error', 'the link error');
    expect(r.loc.h).toBe('');
    expect(r.share.getState().link).toMatchObject({ kind: 'error', reason: 'too-large' });
    r.sync.dispose();
  });
});

describe('address bar: opening a link', () => {
  it('reproduces scenario, step, selection, view mode, walk target and map window', async () => {
    // The node to select must exist at the step: take one from a run of the scenario.
    const probe = rig();
    await probe.store.getState().openText(text, 'probe', null, { step: 4 });
    const node = probe.store.getState().snapshot!.nodes.find((n) => n.kind === 'container')!;
    expect(node).toBeDefined();
    const map = { start: 0x10_0000n, span: 0x40_0000n };
    const link = encodeLink({ scenario: text, step: 4, selection: { kind: 'node', id: node.id }, view: { mode: 'map', map, walk: { space: 'sp', iova: 0x1234_5000n } } });

    const r = rig({ hash: link });
    expect(r.sync.start()).toBe(true);
    await until(() => r.placed.length === 1, 'the map window placed');
    const st = r.store.getState();
    expect(st.cursor).toBe(4);
    expect(st.snapshot?.step).toBe(4);
    expect(st.selection).toEqual({ kind: 'node', id: node.id });
    expect(st.viewMode).toBe('map');
    expect(st.walkTarget).toEqual({ space: 'sp', iova: 0x1234_5000n });
    expect(r.placed[0]).toEqual(map);
    expect(st.current?.origin).toBe('the link');
    expect(r.share.getState().notice).toBeNull();
    // The address is rewritten to the same state (the link was already canonical).
    await until(() => r.share.getState().link.kind === 'ok', 'the link of the opened screen');
    const again = decodeLink(r.loc.h);
    expect(again.ok && [again.step, again.view.mode, again.selection]).toEqual([4, 'map', { kind: 'node', id: node.id }]);
    r.sync.dispose();
  });

  it('wins over ?src=, which stays as the provenance', async () => {
    const link = encodeLink({ scenario: text, step: 2 });
    const r = rig({ hash: link, search: '?src=/scenarios/somewhere.json' });
    r.sync.start();
    await until(() => r.store.getState().snapshot?.step === 2, 'step 2');
    expect(r.fetched).toEqual([]);
    expect(r.store.getState().current?.src).toBe('/scenarios/somewhere.json');
    expect(r.store.getState().current?.origin).toBe('/scenarios/somewhere.json');
    r.sync.dispose();
  });

  it('a damaged link on page load says what and where; ?src= is opened instead', async () => {
    const good = encodeLink({ scenario: text, step: 2 });
    const cut = good.slice(0, good.length - 9);
    const r = rig({ hash: cut, search: '?src=/scenarios/fallback.json' });
    r.sync.start();
    await until(() => r.store.getState().current !== null, 'the fallback scenario');
    const n = r.share.getState().notice;
    expect(n?.kind).toBe('failed');
    if (n?.kind !== 'failed') return;
    expect(['truncated', 'corrupted']).toContain(n.errorKind);
    expect(n.message).toMatch(/^The link/);
    expect(n.where).toMatch(/link/);
    expect(r.fetched).toEqual(['/scenarios/fallback.json']);
    expect(r.store.getState().current?.text).toBe(other.text);
    r.sync.dispose();
  });

  it('a damaged link with nothing open stays in the address (to be reported) and opens nothing', async () => {
    const r = rig({ hash: '#s=1.AAAA!!!' });
    r.sync.start();
    await until(() => r.share.getState().notice !== null, 'the notice');
    await settle();
    expect(r.share.getState().notice).toMatchObject({ kind: 'failed', errorKind: 'bad-characters', kept: false });
    expect(r.store.getState().current).toBeNull();
    expect(r.loc.h).toBe('#s=1.AAAA!!!');
    expect(r.loc.writes).toEqual([]);
    r.sync.dispose();
  });

  it('a bad link pasted over open work keeps the work and puts its link back in the address', async () => {
    const r = rig();
    r.sync.start();
    await r.store.getState().openText(text, 't', null, { step: 5 });
    await until(() => r.loc.h.startsWith('#s=1.'), 'the first link');
    const before = r.loc.h;
    const cur = r.store.getState().current;
    for (const bad of ['#s=2.xyz', '#s=99.AAAA', '#json=%%%', '#s=1.' + 'A'.repeat(40), '#hello']) {
      r.share.getState().setNotice(null);
      r.loc.h = bad;
      r.sync.hashChanged();
      await until(() => r.share.getState().notice !== null, `the notice for ${bad}`);
      expect(r.share.getState().notice).toMatchObject({ kind: 'failed', kept: true });
      await until(() => r.loc.h === before, `the address restored after ${bad}`);
      expect(r.store.getState().current).toBe(cur);
      expect(r.store.getState().cursor).toBe(5);
    }
    r.sync.dispose();
  });

  it('a link to the scenario already open only seeks (no reload)', async () => {
    const r = rig();
    r.sync.start();
    const link = encodeLink({ scenario: text, step: 1 });
    r.loc.h = link;
    r.sync.hashChanged();
    await until(() => r.store.getState().snapshot?.step === 1, 'step 1');
    const loads = r.engine.sent.filter((q) => q.kind === 'load').length;
    r.loc.h = encodeLink({ scenario: text, step: 6, view: { mode: 'graph' } });
    r.sync.hashChanged();
    await until(() => r.store.getState().snapshot?.step === 6 && r.store.getState().viewMode === 'graph', 'step 6 in graph mode');
    expect(r.engine.sent.filter((q) => q.kind === 'load').length).toBe(loads);
    r.sync.dispose();
  });

  it('opens with the parts that are fine and lists the ones dropped', async () => {
    // A step past the end (clamped) and an unknown view mode, in a hand-made version 0 link.
    const r = rig();
    r.sync.start();
    const v0 = hand({ scenario: JSON.parse(text) as unknown, step: 999, view: 'sideways' });
    r.loc.h = v0;
    r.sync.hashChanged();
    await until(() => r.store.getState().snapshot?.step === LAST, 'the last step');
    const n = r.share.getState().notice;
    expect(n?.kind).toBe('warnings');
    if (n?.kind === 'warnings') expect(n.warnings.map((w) => w.where).sort()).toEqual(['step', 'view.mode']);
    r.sync.dispose();
  });
});

/** A version 0 link (#json=, deflated JSON) as people make by hand. */
function hand(doc: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(doc));
  return `#json=${Buffer.from(deflateRaw(bytes)).toString('base64url')}`;
}
