// Shared helpers for the vhost-vdpa tests: scenarios go through the real parser and runner.
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { stringifyJson } from '../../../src/core/scenario/serialize';
import type { Scenario } from '../../../src/core/scenario/types';
import type { StepResult } from '../../../src/core/sim/run';
import { runScenario } from '../../../src/core/sim/run';
import type { Sim } from '../../../src/core/sim/sim';

export type Parent = 'mlx5' | 'vdpa_sim' | 'platform-iommu';
export const U = '0x7f0000000000';

export function vdpaDoc(parent: Parent | Parent[], steps: unknown[], extra: Record<string, unknown> = {}): unknown {
  const parents = Array.isArray(parent) ? parent : [parent];
  return {
    format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48',
    devices: parents.map((p, i) => ({ id: `vdpa${i}`, group: 40 + i, kind: 'vdpa', parent: p })),
    steps, ...extra,
  };
}

export function parse(doc: unknown): Scenario {
  const p = parseScenarioValue(doc);
  if (!p.ok) throw new Error('invalid scenario: ' + JSON.stringify(p.issues.slice(0, 3)));
  return p.scenario;
}

export function run(doc: unknown): { results: StepResult[]; sim: Sim; scenario: Scenario } {
  const scenario = parse(doc);
  return { ...runScenario(scenario), scenario };
}

/** Results as JSON values (bigint -> lowercase hex). */
export function json(x: unknown): any {
  return JSON.parse(stringifyJson(x));
}

export const open = (as = 'v', n = 0) => ({ op: 'open', path: `/dev/vhost-vdpa-${n}`, as });
export const upd = (iova: string, size: string, uaddr = U, extra: Record<string, unknown> = {}) =>
  ({ op: 'VHOST_IOTLB_UPDATE', fd: 'v', iova, size, uaddr, perm: 'RW', ...extra });
export const inv = (iova: string, size: string, extra: Record<string, unknown> = {}) => ({ op: 'VHOST_IOTLB_INVALIDATE', fd: 'v', iova, size, ...extra });
export const begin = (extra: Record<string, unknown> = {}) => ({ op: 'VHOST_IOTLB_BATCH_BEGIN', fd: 'v', ...extra });
export const end = (extra: Record<string, unknown> = {}) => ({ op: 'VHOST_IOTLB_BATCH_END', fd: 'v', ...extra });
export const status = (s: 0 | string[], fd = 'v') => ({ op: 'VHOST_VDPA_SET_STATUS', fd, status: s });
export const features = (f: string[], fd = 'v') => ({ op: 'VHOST_SET_BACKEND_FEATURES', fd, features: f });
export const inspect = (target = 'v') => ({ op: 'inspect', target });

/** The last result's inspect output, as JSON. */
export function lastInspect(results: StepResult[]): any {
  const r = results[results.length - 1]!;
  if (!r.ok) throw new Error('inspect failed: ' + JSON.stringify(r));
  return json(r.out);
}

export function outcome(r: StepResult): string {
  return r.ok ? 'ok' : r.errno;
}
