// Builds scenarios through the real parser and runner, as a scenario file would run.
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { runScenario } from '../../../src/core/sim/run';
import type { StepResult } from '../../../src/core/sim/run';
import type { Sim } from '../../../src/core/sim/sim';

export type RawStep = Record<string, unknown>;

export interface Run {
  results: StepResult[];
  sim: Sim;
  /** The result of step i, asserting it exists. */
  r(i: number): StepResult;
  /** out of step i (throws with the errno when it failed). */
  out(i: number): Record<string, unknown>;
  errno(i: number): string | null;
}

export function run(platform: string, steps: RawStep[], opts: { devices?: unknown[]; kernel?: unknown } = {}): Run {
  const doc: Record<string, unknown> = {
    format: 'iova-atlas.scenario', version: 1, platform,
    devices: opts.devices ?? [{ id: 'dev0', group: 1 }],
    steps,
  };
  if (opts.kernel) doc.kernel = opts.kernel;
  const p = parseScenarioValue(doc);
  if (!p.ok) throw new Error('invalid scenario: ' + JSON.stringify(p.issues));
  const { results, sim } = runScenario(p.scenario);
  const r = (i: number) => {
    const x = results[i];
    if (!x) throw new Error(`no step ${i}`);
    return x;
  };
  return {
    results, sim, r,
    out: (i) => {
      const x = r(i);
      if (!x.ok) throw new Error(`step ${i} (${x.op}) failed: ${x.errno} ${x.reason}`);
      return x.out;
    },
    errno: (i) => {
      const x = r(i);
      return x.ok ? null : x.errno;
    },
  };
}

/** Opening /dev/iommu as `ifd` and allocating IOAS `ioas`. */
export const iommufdWithIoas: RawStep[] = [
  { op: 'open', path: '/dev/iommu', as: 'ifd' },
  { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas' },
];

/** Binding dev0's cdev to `ifd` and attaching it to `ioas` (automatic domain `hwpt`). */
export const attachDev0: RawStep[] = [
  { op: 'open', path: '/dev/vfio/devices/dev0', as: 'cdev0' },
  { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'cdev0', iommufd: 'ifd', as: 'd0' },
  { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'cdev0', pt_id: 'ioas', as: 'hwpt' },
];

export const RW = ['READABLE', 'WRITEABLE'];

export function map(iova: bigint | null, length: bigint, userVa = 0x7f0000000000n, ioas = 'ioas'): RawStep {
  const s: RawStep = { op: 'IOMMU_IOAS_MAP', fd: 'ifd', ioas_id: ioas, user_va: '0x' + userVa.toString(16), length: '0x' + length.toString(16), flags: [...RW] };
  if (iova !== null) {
    s.iova = '0x' + iova.toString(16);
    (s.flags as string[]).push('FIXED_IOVA');
  }
  return s;
}

export function unmap(iova: bigint, length: bigint, ioas = 'ioas'): RawStep {
  return { op: 'IOMMU_IOAS_UNMAP', fd: 'ifd', ioas_id: ioas, iova: '0x' + iova.toString(16), length: '0x' + length.toString(16) };
}
