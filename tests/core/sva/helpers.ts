// Builds PASID / SVA scenarios through the real parser and runner (tests/support/script.ts), on
// VT-d with two accelerators and a NIC unless a test says otherwise.
import { inspectHandle } from '../../../src/core/sim/inspect';
import type { SvaDeviceState } from '../../../src/core/sva/types';
import type { RawStep } from '../../support/script';
import { LabelledScript, Run as BaseRun, inspect } from '../../support/script';

export type { RawStep };
export { inspect };

/** Two accelerators with uacce nodes, in their own groups, and a plain NIC. */
export const DEVICES = [
  { id: 'acc0', bdf: '0000:75:00.0', group: 5, uacce: 'hisi_zip-0' },
  { id: 'acc1', bdf: '0000:76:00.0', group: 6, uacce: 'hisi_zip-1' },
  { id: 'nic0', bdf: '0000:01:00.0', group: 7 },
];

export class Script extends LabelledScript<Run> {
  constructor() {
    super({ platform: 'x86-vtd-48', devices: DEVICES }, Run);
  }
}

export class Run extends BaseRun {
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
