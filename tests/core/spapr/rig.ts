// A sPAPR container backend on a parsed scenario's Sim, driven through spaprIoctl with steps
// validated by the real step parser (the container code routes to exactly these calls).

import type { StepOutcome } from '../../../src/core/errno';
import { parseScenarioValue, parseStep } from '../../../src/core/scenario/parse';
import { Sim } from '../../../src/core/sim/sim';
import type { SpaprState } from '../../../src/core/sim/state';
import type { SpaprOp } from '../../../src/core/vfio/spapr';
import { spaprAttachGroup, spaprIoctl, spaprMappings, spaprOpen, spaprWindows } from '../../../src/core/vfio/spapr';

export const GiB = 1n << 30n;
export const MiB = 1n << 20n;
export const KiB = 1n << 10n;
export const DDW = 1n << 59n;
/** Memory the tests preregister: 256 MiB at a 64 KiB-aligned user address. */
export const MEM = 0x7f0000000000n;
export const MEM_SIZE = 256n * MiB;

export class Rig {
  readonly sim: Sim;
  readonly st: SpaprState;
  readonly groups: number[] = [];

  constructor(opts: { platform?: 'ppc-powernv' | 'ppc-pseries'; v2?: boolean; groups?: number[]; attach?: boolean } = {}) {
    const groups = opts.groups ?? [1];
    const doc = {
      format: 'iova-atlas.scenario', version: 1, platform: opts.platform ?? 'ppc-powernv',
      devices: groups.map((g, i) => ({ id: `eth${i}`, group: g })), steps: [],
    };
    const r = parseScenarioValue(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    this.sim = Sim.create(r.scenario);
    this.st = spaprOpen(this.sim, opts.v2 ?? true);
    if (opts.attach ?? true) for (const g of groups) this.attach(g);
  }

  attach(group: number) {
    const f = spaprAttachGroup(this.sim, this.st, group, this.groups);
    if (!f) this.groups.push(group);
    return f;
  }

  ioctl(op: SpaprOp, fields: Record<string, unknown> = {}): StepOutcome {
    const p = parseStep({ op, fd: 'c', ...fields }, 0);
    if ('issues' in p) throw new Error(JSON.stringify(p.issues));
    return spaprIoctl(this.sim, this.st, op, p.step, this.groups);
  }

  register(vaddr = MEM, size = MEM_SIZE) {
    return this.ioctl('VFIO_IOMMU_SPAPR_REGISTER_MEMORY', { vaddr: hex(vaddr), size: hex(size) });
  }
  unregister(vaddr = MEM, size = MEM_SIZE) {
    return this.ioctl('VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY', { vaddr: hex(vaddr), size: hex(size) });
  }
  map(iova: bigint, size: bigint, vaddr = MEM, flags: string[] = ['READ', 'WRITE']) {
    return this.ioctl('VFIO_IOMMU_MAP_DMA', { iova: hex(iova), size: hex(size), vaddr: hex(vaddr), flags });
  }
  unmap(iova: bigint, size: bigint, flags?: string[]) {
    return this.ioctl('VFIO_IOMMU_UNMAP_DMA', { iova: hex(iova), size: hex(size), ...(flags ? { flags } : {}) });
  }
  create(page_shift: number, window_size: bigint, levels: number) {
    return this.ioctl('VFIO_IOMMU_SPAPR_TCE_CREATE', { page_shift, window_size: hex(window_size), levels });
  }
  remove(start_addr: bigint) {
    return this.ioctl('VFIO_IOMMU_SPAPR_TCE_REMOVE', { start_addr: hex(start_addr) });
  }
  windows() {
    return spaprWindows(this.st);
  }
  mappings() {
    return spaprMappings(this.st);
  }
}

export function hex(x: bigint): string {
  return '0x' + x.toString(16);
}

export function errnoOf(r: StepOutcome): string | undefined {
  return r.ok ? undefined : r.errno;
}
