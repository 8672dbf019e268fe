// Seed 004's final design: KVM holds references on hardware iommu_table objects, linked per
// group; the VFIO container holds nothing once its last group has left.
import { describe, expect, it } from 'vitest';
import { containerWithGroup, defaultWindowLinked, HVA, inspect, memslot, put, RAM, Script } from './helpers';

const L0 = 0x80000000n;

/** Guest RAM, group 1 in a v2 container, the default window linked, one TCE mapped. */
function linkedAndMapped(): Script {
  return new Script()
    .add(null, memslot())
    .add(null, ...containerWithGroup(1))
    .add(null, ...defaultWindowLinked())
    .add('put', put(L0, 0n, 0x3n));
}

describe('seed 004: the last group leaves the container while KVM holds the table', () => {
  it('the backend is released, the table stays alive for KVM, unprogrammed, its TCEs cleared by VFIO', () => {
    const r = linkedAndMapped()
      .add('unset', { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'group1' })
      .add('c', inspect('container'))
      .add('t', inspect('tce0'))
      .run();
    expect(r.hret('put')).toBe('H_SUCCESS');
    expect(r.errno('unset')).toBeNull();
    // The container fd is open and holds nothing: a container reference keeps no table alive.
    expect(r.out('c')).toMatchObject({ iommu: null, groups: [], mappings: [], windows: [] });
    expect(r.out('t')).toMatchObject({
      groups: [1],
      hw_tables: [{ container: 'container', start: 0n, page_shift: 12, programmed: false, kept_alive_by_kvm: true, kref: 1 }],
      // The guest-visible table is KVM's: it survives.
      entries: [{ ioba: 0n, size: 0x1000n, tce: 0x3n }],
    });
    const h = [...r.kvm.hwTables.values()][0]!;
    expect(h.orphan?.tces.size).toBe(0); // tce_iommu_release cleared it before putting it
  });

  it('H_PUT_TCE then: a mapping is H_TOO_HARD (the preregistered memory went with the backend), a clear succeeds', () => {
    const r = linkedAndMapped()
      .add(null, { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'group1' })
      .add('map', put(L0, 0x1000n, 0x10003n))
      .add('clear', put(L0, 0n, 0n))
      .add('t', inspect('tce0'))
      .run();
    expect(r.hret('map')).toBe('H_TOO_HARD');
    expect(r.hret('clear')).toBe('H_SUCCESS');
    expect(r.out('t').entries).toEqual([]);
  });

  it('GROUP_DEL after the group left finds no table in its PE: the link stays until the LIOBN fd is closed', () => {
    const r = linkedAndMapped()
      .add(null, { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'group1' })
      .add('del', { op: 'KVM_DEV_VFIO_GROUP_DEL', groupfd: 'group1' })
      .add('t', inspect('tce0'))
      .add('close', { op: 'close', fd: 'tce0' })
      .run();
    expect(r.errno('del')).toBeNull();
    expect(r.note('del')).toMatch(/no VFIO table now/);
    expect(r.out('t')).toMatchObject({ hw_tables: [{ kept_alive_by_kvm: true }], kvm_vfio: [] });
    expect(r.errno('close')).toBeNull();
    expect(r.note('close')).toMatch(/freed/);
    expect(r.kvm.hwTables.size).toBe(0);
    expect(r.kvm.tables.size).toBe(0);
  });

  it("QEMU's order (GROUP_DEL, then the group leaves): the link is dropped first and nothing is kept alive", () => {
    const r = linkedAndMapped()
      .add('del', { op: 'KVM_DEV_VFIO_GROUP_DEL', groupfd: 'group1' })
      .add('t', inspect('tce0'))
      .add('put2', put(L0, 0x1000n, 0x1003n))
      .add('c', inspect('container'))
      .add(null, { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: 'group1' })
      .add('t2', inspect('tce0'))
      .run();
    expect(r.note('del')).toMatch(/dropped/);
    expect(r.out('t')).toMatchObject({ groups: [], hw_tables: [], entries: [{ ioba: 0n, size: 0x1000n, tce: 0x3n }] });
    // Only the guest-visible table changes now; the host window keeps what KVM wrote before.
    expect(r.hret('put2')).toBe('H_SUCCESS');
    expect(r.out('c').mappings).toEqual([{ iova: 0n, size: 0x1000n, vaddr: HVA }]);
    expect(r.out('t2')).toMatchObject({ hw_tables: [], entries: [{ ioba: 0n, size: 0x2000n, tce: 0x3n }] });
    expect(r.kvm.hwTables.size).toBe(0);
  });

  it('closing the LIOBN fd drops every link whatever its kref; the container keeps its window', () => {
    const r = linkedAndMapped()
      .add('close', { op: 'close', fd: 'tce0' })
      .add('c', inspect('container'))
      .run();
    expect(r.errno('close')).toBeNull();
    expect(r.kvm.hwTables.size).toBe(0);
    expect(r.out('c')).toMatchObject({ windows: [{ start: 0n, size: RAM, page_shift: 12 }], mappings: [{ iova: 0n, size: 0x1000n }] });
  });
});

describe('VFIO removes the window while KVM holds its table (TCE_REMOVE)', () => {
  it('the table is kept alive unprogrammed; H_PUT_TCE still writes into it, harmless for the device', () => {
    const r = linkedAndMapped()
      .add('remove', { op: 'VFIO_IOMMU_SPAPR_TCE_REMOVE', fd: 'container', start_addr: '0x0' })
      .add('c', inspect('container'))
      .add('put2', put(L0, 0x1000n, 0x10003n))
      .add('t', inspect('tce0'))
      .add('close', { op: 'close', fd: 'tce0' })
      .run();
    expect(r.out('c')).toMatchObject({ windows: [], mappings: [] });
    // The container is alive with its preregistered memory: validate passes, the write lands in
    // the orphaned table, and the region counts it.
    expect(r.hret('put2')).toBe('H_SUCCESS');
    expect(r.note('put2')).toMatch(/kept alive by KVM, not programmed/);
    expect(r.out('t')).toMatchObject({ hw_tables: [{ programmed: false, kept_alive_by_kvm: true }] });
    expect(r.spapr().prereg.toArray()[0]!.mapped).toBe(1n);
    expect(r.kvm.hwTables.size).toBe(0);
  });

  it('a new window in the same slot is another table: linking it makes a second link', () => {
    const r = linkedAndMapped()
      .add(null, { op: 'VFIO_IOMMU_SPAPR_TCE_REMOVE', fd: 'container', start_addr: '0x0' })
      .add(null, { op: 'VFIO_IOMMU_SPAPR_TCE_CREATE', fd: 'container', page_shift: 12, window_size: '0x40000000', levels: 1 })
      .add('relink', { op: 'KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE', groupfd: 'group1', tablefd: 'tce0' })
      .add('t', inspect('tce0'))
      .add('put2', put(L0, 0x1000n, 0x10003n))
      .add('c', inspect('container'))
      .run();
    expect(r.errno('relink')).toBeNull();
    expect(r.out('t')).toMatchObject({ hw_tables: [{ kept_alive_by_kvm: true, programmed: false }, { kept_alive_by_kvm: false, programmed: true }] });
    expect(r.hret('put2')).toBe('H_SUCCESS');
    expect(r.out('c').mappings).toEqual([{ iova: 0x1000n, size: 0x1000n, vaddr: HVA + 0x10000n }]);
  });
});

describe('KVM_SET_USER_MEMORY_REGION', () => {
  it('checks alignment to the 64 KiB page, overlaps (EEXIST), deletion, and what an existing slot may change', () => {
    const r = new Script()
      .add('ok', memslot(0, 0n, RAM, HVA))
      .add('gpa', memslot(1, 0x1000n, 0x10000n, 0x7f8000000000n))
      .add('size', memslot(1, RAM, 0x1000n, 0x7f8000000000n))
      .add('hva', memslot(1, RAM, 0x10000n, 0x7f8000001000n))
      .add('overlap', memslot(1, RAM - 0x10000n, 0x20000n, 0x7f8000000000n))
      .add('slotmax', memslot(512, RAM, 0x10000n, 0x7f8000000000n))
      .add('readonly', { op: 'KVM_SET_USER_MEMORY_REGION', slot: 2, flags: ['READONLY'], guest_phys_addr: '0x80000000', memory_size: '0x10000', userspace_addr: '0x7f9000000000' })
      .add('resize', memslot(0, 0n, 2n * RAM, HVA))
      .add('move', memslot(0, 4n * RAM, RAM, HVA))
      .add('delNone', memslot(7, 0n, 0n, 0n))
      .add('del', memslot(0, 0n, 0n, HVA))
      .run();
    expect(r.errno('ok')).toBeNull();
    expect(r.errno('gpa')).toBe('EINVAL');
    expect(r.errno('size')).toBe('EINVAL');
    expect(r.errno('hva')).toBe('EINVAL');
    expect(r.errno('overlap')).toBe('EEXIST');
    expect(r.errno('slotmax')).toBe('EINVAL');
    expect(r.errno('readonly')).toBe('EINVAL');
    expect(r.errno('resize')).toBe('EINVAL');
    expect(r.errno('move')).toBeNull();
    expect(r.errno('delNone')).toBe('EINVAL');
    expect(r.errno('del')).toBeNull();
    expect(r.kvm.memslots.size).toBe(0);
  });
});
