// Shared helpers for the VFIO tests: build scenarios through the real parser and runner.
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { stringifyJson } from '../../../src/core/scenario/serialize';
import type { StepResult } from '../../../src/core/sim/run';
import { runScenario } from '../../../src/core/sim/run';
import type { Sim } from '../../../src/core/sim/sim';

export type Dev = { id: string; group: number; bdf?: string };

export function scenario(platform: string, devices: Dev[], steps: unknown[], extra: Record<string, unknown> = {}): unknown {
  return { format: 'iova-atlas.scenario', version: 1, platform, devices, steps, ...extra };
}

export function run(doc: unknown): { results: StepResult[]; sim: Sim } {
  const p = parseScenarioValue(doc);
  if (!p.ok) throw new Error('invalid scenario: ' + JSON.stringify(p.issues.slice(0, 3)));
  return runScenario(p.scenario);
}

/** Results as JSON values (bigint -> lowercase hex), for readable comparisons. */
export function json(x: unknown): any {
  return JSON.parse(stringifyJson(x));
}

export function errnoOf(r: StepResult): string | null {
  return r.ok ? null : r.errno;
}

/** The usual opening: container, one group per entry, SET_CONTAINER for each, optional SET_IOMMU. */
export function setup(groups: number[], type: string | null = 'VFIO_TYPE1v2_IOMMU'): unknown[] {
  const s: unknown[] = [{ op: 'open', path: '/dev/vfio/vfio', as: 'c' }];
  for (const g of groups) {
    s.push({ op: 'open', path: `/dev/vfio/${g}`, as: `g${g}` });
    s.push({ op: 'VFIO_GROUP_SET_CONTAINER', fd: `g${g}`, container: 'c' });
  }
  if (type) s.push({ op: 'VFIO_SET_IOMMU', fd: 'c', type });
  return s;
}

export const map = (iova: string, size: string, vaddr = '0x7f0000000000', flags = ['READ', 'WRITE'], fd = 'c') =>
  ({ op: 'VFIO_IOMMU_MAP_DMA', fd, iova, size, vaddr, flags });
export const unmap = (iova: string, size: string, flags?: string[], fd = 'c') =>
  (flags ? { op: 'VFIO_IOMMU_UNMAP_DMA', fd, iova, size, flags } : { op: 'VFIO_IOMMU_UNMAP_DMA', fd, iova, size });
export const info = (fd = 'c') => ({ op: 'VFIO_IOMMU_GET_INFO', fd });
export const inspect = (target: string) => ({ op: 'inspect', target });
