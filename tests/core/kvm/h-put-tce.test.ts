// H_PUT_TCE handled in the kernel (kvmppc_h_put_tce): return values, the expansion of one guest
// TCE into host TCEs, the guest-visible table, and the preregistered regions' mapped counts.
import { describe, expect, it } from 'vitest';
import { containerWithGroup, createTce, DDW, HVA, inspect, link, memslot, put, RAM, Script, tceCreate } from './helpers';

const L1 = 0x80000001n;

/** The guest's 64 KiB DDW at 1<<59 over a host window of 4 KiB TCEs, linked. */
function ddw4k(): Script {
  return new Script()
    .add(null, memslot())
    .add(null, ...containerWithGroup(1, 'container', { removeDefault: false }))
    .add(null, createTce('ddw', L1, 16, DDW >> 16n, RAM >> 16n), tceCreate('container', 12, RAM), link('group1', 'ddw'));
}

describe('H_PUT_TCE', () => {
  it('maps one 64 KiB guest TCE as 16 host TCEs of 4 KiB in the linked window, at 1<<59 exactly', () => {
    const r = ddw4k()
      .add('put', put(L1, DDW, 0x10003n))
      .add('c', inspect('container'))
      .add('t', inspect('ddw'))
      .run();
    expect(r.hret('put')).toBe('H_SUCCESS');
    expect(r.note('put')).toMatch(/16 host TCEs of 2\^12/);
    expect(r.out('c').mappings).toEqual([{ iova: DDW, size: 0x10000n, vaddr: HVA + 0x10000n }]);
    expect(r.out('t')).toMatchObject({ entries: [{ ioba: DDW, size: 0x10000n, tce: 0x10003n }], tce_pages: { allocated: 1n } });
    // 16 TCEs point into the preregistered region (mm_iommu_mapped_inc once per host TCE).
    expect(r.spapr().prereg.toArray()[0]!.mapped).toBe(16n);
    const run = r.spapr().windows[1]!.tces.toArray()[0]!;
    expect(run).toMatchObject({ first: DDW, last: DDW + 0xffffn, read: true, write: true });
  });

  it('H_PARAMETER for a misaligned ioba, or one outside the entries [offset, offset + size)', () => {
    const r = ddw4k()
      .add('mis', put(L1, DDW + 0x1000n, 0x3n))
      .add('below', put(L1, DDW - 0x10000n, 0x3n))
      .add('last', put(L1, DDW + RAM - 0x10000n, 0x3n))
      .add('past', put(L1, DDW + RAM, 0x3n))
      .run();
    expect(r.hret('mis')).toBe('H_PARAMETER');
    expect(r.hret('below')).toBe('H_PARAMETER');
    expect(r.hret('last')).toBe('H_SUCCESS');
    expect(r.hret('past')).toBe('H_PARAMETER');
  });

  it('H_TOO_HARD for an unknown LIOBN, a misaligned address, no memory slot, memory not preregistered; nothing written', () => {
    const r = ddw4k()
      .add(null, memslot(1, 0x100000000n, 0x10000000n, 0x7f8000000000n))
      .add('liobn', put(0x80000009n, DDW, 0x3n))
      .add('align', put(L1, DDW, 0x8003n))
      .add('slot', put(L1, DDW, 0x80000003n))
      .add('prereg', put(L1, DDW, 0x100000003n))
      .add('t', inspect('ddw'))
      .run();
    for (const l of ['liobn', 'align', 'slot', 'prereg']) expect(r.hret(l)).toBe('H_TOO_HARD');
    expect(r.out('t')).toMatchObject({ entries: [], tce_pages: { allocated: 0n } });
    expect(r.spapr().windows[1]!.tces.size).toBe(0);
    expect(r.spapr().prereg.toArray()[0]!.mapped).toBe(0n);
  });

  it('a TCE without R/W bits clears the host TCEs and the guest entry; their mapped counts are dropped', () => {
    const r = ddw4k()
      .add(null, put(L1, DDW, 0x10003n), put(L1, DDW + 0x10000n, 0x20001n))
      .add('clear', put(L1, DDW, 0n))
      .add('c', inspect('container'))
      .add('t', inspect('ddw'))
      .run();
    expect(r.hret('clear')).toBe('H_SUCCESS');
    expect(r.out('c').mappings).toEqual([{ iova: DDW + 0x10000n, size: 0x10000n, vaddr: HVA + 0x20000n }]);
    expect(r.out('t').entries).toEqual([{ ioba: DDW + 0x10000n, size: 0x10000n, tce: 0x20001n }]);
    expect(r.spapr().prereg.toArray()[0]!.mapped).toBe(16n);
    // READ only: the device may read, not write (DMA_TO_DEVICE).
    expect(r.spapr().windows[1]!.tces.toArray()[0]).toMatchObject({ read: true, write: false });
  });

  it('exchanges an entry already set: the old host TCEs drop their counts, the new ones take theirs', () => {
    const r = ddw4k()
      .add(null, put(L1, DDW, 0x10003n))
      .add('again', put(L1, DDW, 0x30003n))
      .add('c', inspect('container'))
      .run();
    expect(r.hret('again')).toBe('H_SUCCESS');
    expect(r.out('c').mappings).toEqual([{ iova: DDW, size: 0x10000n, vaddr: HVA + 0x30000n }]);
    expect(r.spapr().prereg.toArray()[0]!.mapped).toBe(16n);
  });

  it('keeps the guest-visible table as runs: consecutive entries merge, a write in the middle splits them', () => {
    const r = ddw4k()
      .add(null, put(L1, DDW, 0x10003n), put(L1, DDW + 0x10000n, 0x20003n), put(L1, DDW + 0x20000n, 0x30003n))
      .add('t1', inspect('ddw'))
      .add(null, put(L1, DDW + 0x10000n, 0x90001n))
      .add('t2', inspect('ddw'))
      .run();
    expect(r.out('t1').entries).toEqual([{ ioba: DDW, size: 0x30000n, tce: 0x10003n }]);
    expect(r.out('t2').entries).toEqual([
      { ioba: DDW, size: 0x10000n, tce: 0x10003n },
      { ioba: DDW + 0x10000n, size: 0x10000n, tce: 0x90001n },
      { ioba: DDW + 0x20000n, size: 0x10000n, tce: 0x30003n },
    ]);
  });

  it('without a linked hardware table only the guest-visible table changes (QEMU would map it)', () => {
    const r = new Script()
      .add(null, memslot(), createTce('t', 0x80000000n, 12, 0n, RAM >> 12n))
      .add('put', put(0x80000000n, 0x5000n, 0x5003n))
      .add('i', inspect('t'))
      .run();
    expect(r.hret('put')).toBe('H_SUCCESS');
    expect(r.out('i').entries).toEqual([{ ioba: 0x5000n, size: 0x1000n, tce: 0x5003n }]);
  });

  it('a 4 KiB guest TCE keeps the offset inside the 64 KiB kernel page when translating to the user address', () => {
    const r = new Script()
      .add(null, memslot())
      .add(null, ...containerWithGroup(1))
      .add(null, createTce('t', 0x80000000n, 12, 0n, RAM >> 12n), tceCreate('container', 12, RAM), link('group1', 't'))
      .add('put', put(0x80000000n, 0x2000n, 0x15003n))
      .add('c', inspect('container'))
      .run();
    expect(r.hret('put')).toBe('H_SUCCESS');
    expect(r.out('c').mappings).toEqual([{ iova: 0x2000n, size: 0x1000n, vaddr: HVA + 0x15000n }]);
  });

  it('writes through every linked table: two containers, one LIOBN', () => {
    const r = new Script()
      .add(null, memslot())
      .add(null, ...containerWithGroup(1, 'c1'))
      .add(null, ...containerWithGroup(2, 'c2'))
      .add(null, createTce('t', 0x80000000n, 12, 0n, RAM >> 12n))
      .add(null, tceCreate('c1', 12, RAM), tceCreate('c2', 12, RAM), link('group1', 't'), link('group2', 't'))
      .add('put', put(0x80000000n, 0x0n, 0x3n))
      .add('a', inspect('c1'))
      .add('b', inspect('c2'))
      .add('t', inspect('t'))
      .run();
    expect(r.hret('put')).toBe('H_SUCCESS');
    expect(r.out('a').mappings).toEqual([{ iova: 0n, size: 0x1000n, vaddr: HVA }]);
    expect(r.out('b').mappings).toEqual([{ iova: 0n, size: 0x1000n, vaddr: HVA }]);
    expect(r.out('t')).toMatchObject({ groups: [1, 2], hw_tables: [{ container: 'c1' }, { container: 'c2' }] });
  });

  it('a guest page whose tail is not preregistered: H_TOO_HARD, the entry cleared, the written part keeps its counts', () => {
    // A 16 MiB guest TCE over 64 KiB host TCEs; only the first 1 MiB of it is preregistered.
    // kvmppc_tce_validate checks the first host page only; kvmppc_tce_iommu_map stops at host
    // page 16, then kvmppc_clear_tce clears all 256 without mm_iommu_mapped_dec.
    const r = new Script()
      .add(null, memslot())
      .add(null, { op: 'open', path: '/dev/vfio/vfio', as: 'container' }, { op: 'open', path: '/dev/vfio/1', as: 'group1' })
      .add(null, { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'group1', container: 'container' })
      .add(null, { op: 'VFIO_SET_IOMMU', fd: 'container', type: 'VFIO_SPAPR_TCE_v2_IOMMU' })
      .add(null, { op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: 'group1' })
      .add(null, { op: 'VFIO_IOMMU_SPAPR_TCE_REMOVE', fd: 'container', start_addr: '0x0' })
      .add(null, { op: 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY', fd: 'container', vaddr: '0x7f0000000000', size: '0x100000' })
      .add(null, createTce('t', 0x80000001n, 24, 0n, RAM >> 24n), tceCreate('container', 16, RAM), link('group1', 't'))
      .add('put', put(0x80000001n, 0n, 0x3n))
      .add('i', inspect('container'))
      .add('t', inspect('t'))
      .add('clear', put(0x80000001n, 0n, 0n))
      .run();
    expect(r.hret('put')).toBe('H_TOO_HARD');
    expect(r.note('put')).toMatch(/Host page 16 of the entry/);
    expect(r.out('i').mappings).toEqual([]);
    expect(r.out('t').entries).toEqual([]);
    expect(r.spapr().prereg.toArray()[0]!.mapped).toBe(16n);
    expect(r.hret('clear')).toBe('H_SUCCESS');
    expect(r.spapr().prereg.toArray()[0]!.mapped).toBe(16n);
  });

  it('is exact at the top of the 64-bit bus space (the highest window the check allows ends one page below 2^64)', () => {
    // offset + size <= ULLONG_MAX >> 12 = 2^52 - 1 pages.
    const top = (1n << 64n) - 0x3000n;
    const r = new Script()
      .add('tooHigh', createTce('x', 0x6n, 12, (1n << 52n) - 2n, 2n))
      .add('create', createTce('t', 0x7n, 12, (1n << 52n) - 3n, 2n))
      .add('poison', put(0x7n, top + 0x1000n, 0xdead000n)) // no R/W bit: stored as is, nothing mapped
      .add('clear', put(0x7n, top, 0n))
      .add('past', put(0x7n, top - 0x1000n, 0n))
      .add('i', inspect('t'))
      .run();
    expect(r.errno('tooHigh')).toBe('EINVAL');
    expect(r.errno('create')).toBeNull();
    expect(r.hret('poison')).toBe('H_SUCCESS');
    expect(r.hret('clear')).toBe('H_SUCCESS');
    expect(r.hret('past')).toBe('H_PARAMETER');
    expect(r.out('i')).toMatchObject({
      window: { start: top, size: 0x2000n },
      entries: [{ ioba: top + 0x1000n, size: 0x1000n, tce: 0xdead000n }],
    });
  });

  it('is not a hypercall on x86', () => {
    const r = new Script().add('p', put(1n, 0n, 0n)).run({ platform: 'x86-vtd-48', devices: [{ id: 'nic0', group: 1 }] });
    expect(r.errno('p')).toBe('ENOTTY');
  });
});
