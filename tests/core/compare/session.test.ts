// Compare mode through the worker's real path (the session the worker runs, and the store the
// page uses, with the in-process engines): compare, seek both sides, follow the explorer's
// cursor and scenario, refuse what is malformed.
import { describe, expect, it } from 'vitest';
import { InProcessEngine } from '../../../src/state/inProcessEngine';
import { createExplorerStore } from '../../../src/state/store';
import { createCompareStore } from '../../../src/ui/compare/compareStore';
import type { CompareStore } from '../../../src/ui/compare/compareStore';
import { InProcessCompareEngine } from '../../../src/ui/compare/inProcessCompareEngine';
import { isRequest } from '../../../src/worker/protocol';
import type { Request, Response } from '../../../src/worker/protocol';
import * as compareCode from '../../../src/worker/compare';
import { SimSession } from '../../../src/worker/session';
import { example } from '../../worker/scenarios';

function ask(session: SimSession, req: Request): Response {
  const r = session.handle(req).response;
  if (!r) throw new Error('no response');
  return r;
}

describe('the worker session answers compare and compare.seek', () => {
  const { text } = example('seed002-x86-style-guest-on-ppc.json');

  it('compares with the defaults, then serves both sides at a step with their own snapshots', () => {
    const s = new SimSession({}, compareCode);
    expect(ask(s, { kind: 'load', id: 1, text, origin: 't' }).ok).toBe(true);
    const c = ask(s, { kind: 'compare', id: 2 });
    if (!c.ok || c.kind !== 'compare') throw new Error('compare failed');
    const result = c.result as { first: number; a: { label: string }; b: { label: string } };
    expect([result.a.label, result.b.label, result.first]).toEqual(['x86-vtd-48', 'ppc-powernv', 3]);

    const seek = s.handle({ kind: 'compare.seek', id: 3, step: 7 });
    const r = seek.response;
    if (!r?.ok || r.kind !== 'compare.seek') throw new Error('seek failed');
    const both = r.result as { step: number; a: { ok: boolean; snapshot?: { step: number; spaces: { kind: string }[] } }; b: { ok: boolean; snapshot?: { step: number; spaces: { kind: string }[] } } };
    expect(both.step).toBe(7);
    expect(both.a.ok && both.b.ok).toBe(true);
    // PPC has sPAPR windows; x86 (whose SET_IOMMU failed) has no container address space.
    expect(both.b.snapshot!.spaces.some((sp) => sp.kind === 'spapr')).toBe(true);
    expect(both.a.snapshot!.spaces.some((sp) => sp.kind === 'spapr')).toBe(false);
    // The typed arrays of both snapshots travel transferred.
    expect(seek.transfer?.length).toBeGreaterThan(0);
  });

  it('takes explicit sides (legacy vs iommufd) and refuses a malformed one before the session sees it', () => {
    const s = new SimSession({}, compareCode);
    ask(s, { kind: 'load', id: 1, text: example('type1-unmap-bisect-v2.json').text, origin: 't' });
    const c = ask(s, {
      kind: 'compare', id: 2,
      a: { platform: 'x86-vtd-48', vfio_container: 'legacy' },
      b: { platform: 'x86-vtd-48', vfio_container: 'iommufd' },
    });
    expect(c.ok && (c.result as { first: number }).first).toBe(6);
    expect(isRequest({ kind: 'compare', id: 3, a: { platform: 'riscv', vfio_container: 'legacy' } })).toBe(false);
    expect(isRequest({ kind: 'compare', id: 3, b: { platform: 'x86-vtd-48', vfio_container: 'legacy', dma_entry_limit: -1 } })).toBe(false);
    expect(isRequest({ kind: 'compare.seek', id: 3, step: 1.5 })).toBe(false);
  });

  it('without compare code, a session says it wants it, and once given it compares (the worker loads it lazily)', () => {
    const s = new SimSession();
    ask(s, { kind: 'load', id: 1, text, origin: 't' });
    const req: Request = { kind: 'compare', id: 2 };
    expect(s.wantsCompareCode(req)).toBe(true);
    expect(s.wantsCompareCode({ kind: 'runAll', id: 3 })).toBe(false);
    s.compareCodeFailed('its code could not be loaded (offline)');
    expect(s.wantsCompareCode(req)).toBe(false);
    const refused = ask(s, req);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('offline');
    s.useCompareCode(compareCode);
    const c = ask(s, { kind: 'compare', id: 4 });
    expect(c.ok && (c.result as { first: number }).first).toBe(3);
  });

  it('a seek before any compare, outside the scenario, or after a new load is refused with a reason', () => {
    const s = new SimSession({}, compareCode);
    ask(s, { kind: 'load', id: 1, text, origin: 't' });
    const early = ask(s, { kind: 'compare.seek', id: 2, step: 0 });
    expect(!early.ok && early.error.message).toMatch(/send a compare request first/);
    ask(s, { kind: 'compare', id: 3 });
    const out = ask(s, { kind: 'compare.seek', id: 4, step: 99 });
    expect(!out.ok && out.error.kind).toBe('out-of-range');
    ask(s, { kind: 'load', id: 5, text: example('type1-unmap-bisect-v2.json').text, origin: 't' });
    const stale = ask(s, { kind: 'compare.seek', id: 6, step: 0 });
    expect(stale.ok).toBe(false);
  });
});

describe('the compare store follows the explorer', () => {
  async function setup(file: string): Promise<{ explorer: ReturnType<typeof createExplorerStore>; compare: CompareStore; engine: InProcessCompareEngine }> {
    const explorer = createExplorerStore({ engine: new InProcessEngine(), theme: 'light', storage: null, fetchFn: () => Promise.reject(new Error('no fetch')) });
    await explorer.getState().openText(example(file).text, `example ${file}`);
    const engine = new InProcessCompareEngine();
    const compare = createCompareStore(explorer, { engine: () => engine });
    return { explorer, compare, engine };
  }

  const settled = async (c: CompareStore): Promise<void> => {
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 0));
      const s = c.getState();
      if (s.run.kind !== 'running' && !s.seeking) return;
    }
    throw new Error('compare store did not settle');
  };

  it('opening compares at once with the defaults and shows both sides at the explorer cursor', async () => {
    const { explorer, compare } = await setup('type1-unmap-bisect-v2.json');
    compare.getState().setOpen(true);
    await settled(compare);
    const st = compare.getState();
    expect(st.run.kind).toBe('done');
    expect(st.specs).toMatchObject({ a: { vfio_container: 'legacy' }, b: { vfio_container: 'iommufd' } });
    expect(st.shown?.step).toBe(explorer.getState().cursor);

    await compare.getState().goTo(6);
    await settled(compare);
    expect(explorer.getState().cursor).toBe(6);
    expect(compare.getState().shown?.step).toBe(6);
  });

  it('a changed side compares again; closing stops the engine and forgets the result', async () => {
    const { compare, engine } = await setup('type1-unmap-bisect-v2.json');
    compare.getState().setOpen(true);
    await settled(compare);
    const specs = compare.getState().specs!;
    compare.getState().setSpec('b', { ...specs.b, vfio_container: 'legacy' });
    await settled(compare);
    const r = compare.getState().run;
    expect(r.kind === 'done' && r.result.first).toBeNull();
    expect(engine.sent.filter((k) => k === 'compare').length).toBe(2);
    // The scenario text was loaded once: a new side does not reload it.
    expect(engine.sent.filter((k) => k === 'load').length).toBe(1);
    compare.getState().setOpen(false);
    expect(compare.getState().run.kind).toBe('idle');
  });

  it('another scenario goes back to the defaults for it', async () => {
    const { explorer, compare } = await setup('type1-unmap-bisect-v2.json');
    compare.getState().setOpen(true);
    await settled(compare);
    await explorer.getState().openText(example('seed002-x86-style-guest-on-ppc.json').text, 'example seed002');
    await settled(compare);
    const r = compare.getState().run;
    expect(r.kind === 'done' && [r.result.a.label, r.result.b.label]).toEqual(['x86-vtd-48', 'ppc-powernv']);
  });
});
