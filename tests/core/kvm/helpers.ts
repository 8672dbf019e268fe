// Builds KVM scenarios through the real parser and runner, as a scenario file would run. Steps
// can carry a label so that tests name the step they check instead of counting indices.
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { runScenario } from '../../../src/core/sim/run';
import type { StepResult } from '../../../src/core/sim/run';
import type { Sim } from '../../../src/core/sim/sim';
import type { KvmState } from '../../../src/core/kvm/types';
import type { SpaprState } from '../../../src/core/sim/state';

export type RawStep = Record<string, unknown>;

export const GiB = 1n << 30n;
export const DDW = 1n << 59n;
/** Guest RAM: 1 GiB at guest physical 0, backed at this user address (64 KiB-aligned). */
export const HVA = 0x7f0000000000n;
export const RAM = GiB;
export const hex = (x: bigint): string => '0x' + x.toString(16);

export class Script {
  readonly steps: RawStep[] = [];
  private readonly labels = new Map<string, number>();

  /** Appends steps; `label` names the last of them. */
  add(label: string | null, ...steps: RawStep[]): this {
    this.steps.push(...steps);
    if (label) this.labels.set(label, this.steps.length - 1);
    return this;
  }

  run(opts: { platform?: string; devices?: unknown[] } = {}): Run {
    const doc = {
      format: 'iova-atlas.scenario', version: 1, platform: opts.platform ?? 'ppc-powernv',
      devices: opts.devices ?? [{ id: 'nic0', group: 1 }, { id: 'nic1', group: 2 }],
      steps: this.steps,
    };
    const p = parseScenarioValue(doc);
    if (!p.ok) throw new Error('invalid scenario: ' + JSON.stringify(p.issues));
    const { results, sim } = runScenario(p.scenario);
    return new Run(results, sim, this.labels);
  }
}

export class Run {
  constructor(readonly results: StepResult[], readonly sim: Sim, private readonly labels: Map<string, number>) {}

  r(label: string): StepResult {
    const i = this.labels.get(label);
    if (i === undefined) throw new Error(`no step labelled ${label}`);
    return this.results[i]!;
  }
  errno(label: string): string | null {
    const x = this.r(label);
    return x.ok ? null : x.errno;
  }
  out(label: string): Record<string, unknown> {
    const x = this.r(label);
    if (!x.ok) throw new Error(`${label} (${x.op}) failed: ${x.errno} ${x.reason}`);
    return x.out;
  }
  /** The simulator's note on a success, or the reason of a failure. */
  note(label: string): string {
    const x = this.r(label);
    return x.ok ? (x.note ?? '') : x.reason;
  }
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

export const inspect = (target: string): RawStep => ({ op: 'inspect', target });

/** The guest's default window: LIOBN 0x80000000, 1 GiB of 4 KiB TCEs at 0, mirrored at host slot 0, linked. */
export function defaultWindowLinked(table = 'tce0', group = 'group1', c = 'container'): RawStep[] {
  return [createTce(table, 0x80000000n, 12, 0n, RAM >> 12n), tceCreate(c, 12, RAM), link(group, table)];
}
