// Builds KVM scenarios through the real parser and runner (tests/support/script.ts), on a
// PowerNV host with two NICs unless a test says otherwise.
import type { KvmState } from '../../../src/core/kvm/types';
import type { SpaprState } from '../../../src/core/sim/state';
import type { RawStep } from '../../support/script';
import { LabelledScript, Run as BaseRun, inspect } from '../../support/script';

export type { RawStep };
export { inspect };

export const GiB = 1n << 30n;
export const DDW = 1n << 59n;
/** Guest RAM: 1 GiB at guest physical 0, backed at this user address (64 KiB-aligned). */
export const HVA = 0x7f0000000000n;
export const RAM = GiB;
export const hex = (x: bigint): string => '0x' + x.toString(16);

export class Script extends LabelledScript<Run> {
  constructor() {
    super({ platform: 'ppc-powernv', devices: [{ id: 'nic0', group: 1 }, { id: 'nic1', group: 2 }] }, Run);
  }
}

export class Run extends BaseRun {
  /** The hcall's return name of an H_PUT_TCE step. */
  hret(label: string): string {
    return this.out(label).ret as string;
  }
  get kvm(): KvmState {
    return this.sim.state.kvm;
  }
  spapr(container = 1): SpaprState {
    const c = this.sim.state.containers.get(container);
    if (c?.iommu?.kind !== 'spapr') throw new Error(`container ${container} has no sPAPR backend`);
    return c.iommu;
  }
}

export const memslot = (slot = 0, gpa = 0n, size = RAM, hva = HVA): RawStep =>
  ({ op: 'KVM_SET_USER_MEMORY_REGION', slot, guest_phys_addr: hex(gpa), memory_size: hex(size), userspace_addr: hex(hva) });

/** Group `g` in a new v2 container `c`, added to the kvm-vfio device, guest RAM preregistered. */
export function containerWithGroup(g = 1, c = 'container', opts: { removeDefault?: boolean; add?: boolean } = {}): RawStep[] {
  const s: RawStep[] = [
    { op: 'open', path: '/dev/vfio/vfio', as: c },
    { op: 'open', path: `/dev/vfio/${g}`, as: `group${g}` },
    { op: 'VFIO_GROUP_SET_CONTAINER', fd: `group${g}`, container: c },
    { op: 'VFIO_SET_IOMMU', fd: c, type: 'VFIO_SPAPR_TCE_v2_IOMMU' },
  ];
  if (opts.add ?? true) s.push({ op: 'KVM_DEV_VFIO_GROUP_ADD', groupfd: `group${g}` });
  s.push({ op: 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY', fd: c, vaddr: hex(HVA), size: hex(RAM) });
  if (opts.removeDefault ?? true) s.push({ op: 'VFIO_IOMMU_SPAPR_TCE_REMOVE', fd: c, start_addr: '0x0' });
  return s;
}

export const createTce = (as: string, liobn: bigint, pageShift: number, offset: bigint, size: bigint): RawStep =>
  ({ op: 'KVM_CREATE_SPAPR_TCE_64', liobn: hex(liobn), page_shift: pageShift, offset: hex(offset), size: hex(size), as });

export const tceCreate = (c: string, pageShift: number, windowSize: bigint, levels = 1): RawStep =>
  ({ op: 'VFIO_IOMMU_SPAPR_TCE_CREATE', fd: c, page_shift: pageShift, window_size: hex(windowSize), levels });

export const link = (group: string, table: string): RawStep => ({ op: 'KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE', groupfd: group, tablefd: table });

export const put = (liobn: bigint, ioba: bigint, tce: bigint): RawStep => ({ op: 'H_PUT_TCE', liobn: hex(liobn), ioba: hex(ioba), tce: hex(tce) });

/** The guest's default window: LIOBN 0x80000000, 1 GiB of 4 KiB TCEs at 0, mirrored at host slot 0, linked. */
export function defaultWindowLinked(table = 'tce0', group = 'group1', c = 'container'): RawStep[] {
  return [createTce(table, 0x80000000n, 12, 0n, RAM >> 12n), tceCreate(c, 12, RAM), link(group, table)];
}
