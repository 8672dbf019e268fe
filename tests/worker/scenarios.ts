// Scenarios for the worker tests: small ones from public/scenarios, and large generated ones
// (up to 100k steps) for the time-travel bounds.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioText, parseScenarioValue } from '../../src/core/scenario/parse';
import type { Scenario } from '../../src/core/scenario/types';

export const ROOT = join(import.meta.dirname, '..', '..');

export function example(file: string): { text: string; scenario: Scenario } {
  const text = readFileSync(join(ROOT, 'public/scenarios', file), 'utf8');
  const r = parseScenarioText(text);
  if (!r.ok) throw new Error(`${file} does not validate: ${JSON.stringify(r.issues)}`);
  return { text, scenario: r.scenario };
}

const hex = (x: bigint): string => '0x' + x.toString(16);

/**
 * `n` steps on one IOAS: open /dev/iommu, allocate the IOAS, then 4 KiB FIXED_IOVA maps at a
 * 8 KiB stride, every fourth step unmapping an earlier area (so areas come and go), and every
 * 97th step a map that overlaps a live area (EEXIST), so the run mixes results.
 */
export function bigIoasDoc(n: number): Record<string, unknown> {
  const steps: Record<string, unknown>[] = [
    { op: 'open', path: '/dev/iommu', as: 'iommufd' },
    { op: 'IOMMU_IOAS_ALLOC', fd: 'iommufd', as: 'ioas' },
  ];
  const base = 0x1_0000_0000n;
  let mapped = 0;
  let unmapped = 0;
  while (steps.length < n) {
    const i = steps.length;
    if (i % 4 === 3 && unmapped < mapped - 8) {
      const at = base + BigInt(unmapped * 2) * 0x1000n;
      unmapped++;
      steps.push({ op: 'IOMMU_IOAS_UNMAP', fd: 'iommufd', ioas_id: 'ioas', iova: hex(at), length: '0x1000' });
    } else if (i % 97 === 0 && mapped > unmapped) {
      const at = base + BigInt((mapped - 1) * 2) * 0x1000n;
      steps.push({ op: 'IOMMU_IOAS_MAP', fd: 'iommufd', ioas_id: 'ioas', user_va: '0x7f0000000000', length: '0x1000', iova: hex(at), flags: ['FIXED_IOVA', 'READABLE'] });
    } else {
      const at = base + BigInt(mapped * 2) * 0x1000n;
      mapped++;
      steps.push({ op: 'IOMMU_IOAS_MAP', fd: 'iommufd', ioas_id: 'ioas', user_va: hex(0x7f0000000000n + BigInt(mapped) * 0x1000n), length: '0x1000', iova: hex(at), flags: ['FIXED_IOVA', 'READABLE', 'WRITEABLE'] });
    }
  }
  return { format: 'iova-atlas.scenario', version: 1, title: `${n} IOAS steps (generated)`, platform: 'x86-vtd-48', devices: [], steps };
}

export function bigIoas(n: number): Scenario {
  const r = parseScenarioValue(bigIoasDoc(n));
  if (!r.ok) throw new Error('generated scenario does not validate: ' + JSON.stringify(r.issues.slice(0, 3)));
  return r.scenario;
}
