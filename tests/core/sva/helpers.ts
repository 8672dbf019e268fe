// Builds PASID / SVA scenarios through the real parser and runner. Steps carry labels so that
// tests name the step they check.
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { runScenario } from '../../../src/core/sim/run';
import type { StepResult } from '../../../src/core/sim/run';
import type { Sim } from '../../../src/core/sim/sim';
import { inspectHandle } from '../../../src/core/sim/inspect';
import type { SvaDeviceState } from '../../../src/core/sva/types';

export type RawStep = Record<string, unknown>;

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
      format: 'iova-atlas.scenario', version: 1, platform: opts.platform ?? 'x86-vtd-48',
      devices: opts.devices ?? DEVICES,
      steps: this.steps,
    };
    const p = parseScenarioValue(doc);
    if (!p.ok) throw new Error('invalid scenario: ' + JSON.stringify(p.issues));
    const { results, sim } = runScenario(p.scenario);
    return new Run(results, sim, this.labels);
  }
}

/** Two accelerators with uacce nodes, in their own groups, and a plain NIC. */
export const DEVICES = [
  { id: 'acc0', bdf: '0000:75:00.0', group: 5, uacce: 'hisi_zip-0' },
  { id: 'acc1', bdf: '0000:76:00.0', group: 6, uacce: 'hisi_zip-1' },
  { id: 'nic0', bdf: '0000:01:00.0', group: 7 },
];

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
  note(label: string): string {
    const x = this.r(label);
    return x.ok ? (x.note ?? '') : x.reason;
  }
  /** Every step succeeded except the labelled ones given. */
  failures(): string[] {
    return this.results.filter((x) => !x.ok).map((x) => `${x.index} ${x.op} ${x.ok ? '' : x.errno + ' ' + x.reason}`);
  }
  dev(id: string): SvaDeviceState {
    return this.sim.state.sva.devices.get(id)!;
  }
  inspect(name: string): Record<string, unknown> | null {
    return inspectHandle(this.sim, name);
  }
  /** The PASIDs the global IDA holds now. */
  ida(): number[] {
    return [...this.sim.state.sva.ida.keys()].sort((a, b) => a - b);
  }
}

export const bind = (as: string, device: string, mm: string): RawStep => ({ op: 'iommu_sva_bind_device', device, mm, as });
export const unbind = (handle: string): RawStep => ({ op: 'iommu_sva_unbind_device', handle });
export const exit = (mm: string): RawStep => ({ op: 'process_exit', mm });
export const inspect = (target: string): RawStep => ({ op: 'inspect', target });
export const fault = (device: string, pasid: number | null, addr: string, grpid: number, extra: RawStep = {}): RawStep =>
  ({ op: 'iommu_report_device_fault', device, ...(pasid === null ? {} : { pasid }), addr, perm: ['READ', 'WRITE'], grpid, ...extra });
export const dma = (device: string, pasid: number | null, addr: string): RawStep => ({ op: 'SIM_DMA', device, ...(pasid === null ? {} : { pasid }), addr });

/** An iommufd with an IOAS, the device's cdev bound to it. */
export function iommufdWith(device: string, fd = 'dev', iommufd = 'iommufd'): RawStep[] {
  return [
    { op: 'open', path: '/dev/iommu', as: iommufd },
    { op: 'IOMMU_IOAS_ALLOC', fd: iommufd, as: 'ioas' },
    { op: 'open', path: `/dev/vfio/devices/${device}`, as: fd },
    { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd, iommufd, as: `${fd}_id` },
  ];
}
