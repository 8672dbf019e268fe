// KVM's sPAPR TCE tables in the view model (seed 004's final design): the VM, kvm-vfio, LIOBN
// tables linked to hardware TCE tables, the table kept alive by KVM after VFIO let go of it,
// one lane per LIOBN table (guest window, guest TCEs -> user address) and its TCE walk.
import { describe, expect, it } from 'vitest';
import { walkSpace } from '../../../src/core/view';
import { layer, node, ranges, scenario, scenarioFile, space, stepThrough } from './helpers';

describe('seed 004: KVM\'s reference keeps the TCE table alive after the last group leaves', () => {
  const run = stepThrough(scenarioFile('seed004-kvm-table-outlives-container'));

  it('SET_SPAPR_TCE links the LIOBN table to the container\'s window; kvm-vfio holds the group', () => {
    const s = run.snap(10);
    expect(node(s, 'kvm')).toMatchObject({ kind: 'kvm', attrs: { memslots: 1, 'memslot 0': 'gpa [0x0, 0x3fffffff] -> hva 0x7f0000000000' } });
    expect(node(s, 'liobn:1')).toMatchObject({
      kind: 'liobn', label: 'LIOBN 0x80000000', handles: ['tce0'], spaces: ['liobn:1'],
      attrs: { liobn: 0x80000000n, page_shift: 12, offset_pages: 0n, size_pages: 0x40000n, window_start: 0n, window_last: 0x3fffffffn, hw_tables: 1 },
    });
    const edges = s.edges.map((e) => `${e.id} ${e.label ?? ''}`.trim());
    expect(edges).toEqual(expect.arrayContaining([
      'hw-table:liobn:1->window:1:0 kref 1', 'kvm-file:kvm-vfio->group:1 SPAPR_TCE', 'owns:kvm->liobn:1', 'fd:fd:5@liobn:1->liobn:1',
    ]));
    expect(s.changes.summary).toEqual([
      'kvm-vfio: file now group 1, SET_SPAPR_TCE done',
      'LIOBN 0x80000000: +hardware table container 1 slot 0 [0x0, 0x3fffffff], kref 1',
    ]);
    const sp = space(s, 'liobn:1');
    expect(sp).toMatchObject({ kind: 'kvm-tce', node: 'liobn:1', walkable: true, extent: { first: 0n, last: 0x3fffffffn } });
    expect(ranges(layer(sp, 'window'))).toEqual([[0n, 0x3fffffffn]]);
  });

  it('H_PUT_TCE: a guest TCE run on the LIOBN lane, backed by the user address of its guest page', () => {
    const s = run.snap(11);
    const l = layer(space(s, 'liobn:1'), 'mapping');
    expect(ranges(l, true)).toEqual([[0n, 0xfffn, 0x7f0000000000n]]);
    expect(l.label).toEqual(['TCE 0x3: gpa 0x0, RW']);
    expect(s.changes.summary).toContain('LIOBN 0x80000000: +guest TCE run [0x0, 0xfff] -> ua 0x7f0000000000 (TCE 0x3: gpa 0x0, RW)');
  });

  it('the LIOBN walk: one-level PAPR TCE table of 4K entries, translating to the user address; outside the window it faults', () => {
    const w = walkSpace(run.sims[12]!, 'liobn:1', 0x123n);
    expect(w.walk).toMatchObject({ format: 'ppc-tce', kind: 'tce', levels: 1, window: { start: 0n, size: 0x40000000n } });
    expect(w.walk?.result).toMatchObject({ kind: 'translated', userAddr: 0x7f0000000123n });
    expect(w.occupancy).not.toBeNull();
    const out = walkSpace(run.sims[12]!, 'liobn:1', 0x40000000n);
    expect(out.walk?.result).toMatchObject({ kind: 'fault', reason: 'outside-windows' });
  });

  it('the last group leaves: the window node goes, the table lives on as "kept alive by KVM, not programmed"', () => {
    const s = run.snap(13);
    expect(s.changes.removedNodes).toEqual(expect.arrayContaining(['window:1:0', 'iommu-backend:1']));
    expect(node(s, 'window:kvm:1')).toMatchObject({
      kind: 'window', label: 'former window 0', badges: ['kept by KVM'], detail: 'not programmed · [0x0, 0x3fffffff]',
      attrs: { container: 1, slot: 0, start: 0n, size: 0x40000000n, programmed: false, kept_alive_by_kvm: true, kvm_refs: 1 },
    });
    expect(node(s, 'liobn:1').badges).toEqual(['not programmed']);
    expect(s.edges.map((e) => e.id)).toContain('hw-table:liobn:1->window:kvm:1');
    expect(s.changes.summary).toEqual(expect.arrayContaining([
      'container 1: window 0 [0x0, 0x3fffffff] let go by VFIO: the table is kept alive by KVM\'s reference, no longer programmed (no device translates through it)',
      'LIOBN 0x80000000: hardware table now container 1 slot 0 [0x0, 0x3fffffff], kref 1, kept alive by KVM, not programmed',
    ]));
  });

  it('GROUP_DEL leaves the link (nothing in the group\'s tables); closing the LIOBN fd frees the kept table', () => {
    const del = run.snap(18);
    expect(del.changes.summary).toEqual(['kvm-vfio: -file group 1, SET_SPAPR_TCE done']);
    expect(node(del, 'window:kvm:1')).toBeTruthy();
    const s = run.snap(20);
    expect(s.changes.removedNodes).toEqual(expect.arrayContaining(['window:kvm:1', 'liobn:1', 'fd:5@liobn:1']));
    expect(s.changes.summary).toEqual([
      'close fd 5 (kvm-spapr-tce LIOBN 0x80000000)',
      'container 1: former window 0\'s table freed: KVM dropped its last reference',
      '-LIOBN 0x80000000 table (released: every hardware-table link put)',
    ]);
    expect(s.spaces.some((x) => x.id === 'liobn:1')).toBe(false);
  });
});

describe('guest TCE runs and memory slots', () => {
  it('a run crossing two memory slots is split where the user address stops being contiguous', () => {
    const run = stepThrough(scenario('ppc-powernv', [
      { op: 'KVM_SET_USER_MEMORY_REGION', slot: 0, guest_phys_addr: '0x0', memory_size: '0x10000000', userspace_addr: '0x7f0000000000' },
      { op: 'KVM_SET_USER_MEMORY_REGION', slot: 1, guest_phys_addr: '0x10000000', memory_size: '0x10000000', userspace_addr: '0x7e0000000000' },
      { op: 'KVM_CREATE_SPAPR_TCE_64', liobn: '0x80000000', page_shift: 16, offset: '0x0', size: '0x1000', as: 'tce' },
      { op: 'H_PUT_TCE', liobn: '0x80000000', ioba: '0x0', tce: '0xfff0003' },
      { op: 'H_PUT_TCE', liobn: '0x80000000', ioba: '0x10000', tce: '0x10000003' },
    ], [{ id: 'nic0', group: 1 }]));
    expect(run.results.map((r) => r.ok)).toEqual([true, true, true, true, true]);
    const sp = space(run.snap(4), 'liobn:1');
    expect(ranges(layer(sp, 'window'))).toEqual([[0n, 0xfffffffn]]);
    expect(ranges(layer(sp, 'mapping'), true)).toEqual([
      [0x0n, 0xffffn, 0x7f000fff0000n],
      [0x10000n, 0x1ffffn, 0x7e0000000000n],
    ]);
    const w = walkSpace(run.sims[5]!, 'liobn:1', 0x10008n);
    expect(w.walk?.result).toMatchObject({ kind: 'translated', userAddr: 0x7e0000000008n });
  });
});
