// The safety net of lazy.test.ts on random VFIO / type1 / sPAPR / iommufd scenarios (errors,
// failed creates, closes in any order, every host and container provider): a scenario that does
// not needsBeyond gives the same results, snapshots and inspections without the vDPA / SVA /
// KVM code as with it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as beyondModule from '../../../src/core/beyond/index';
import { needsBeyond } from '../../../src/core/beyond/needs';
import { setBeyond } from '../../../src/core/beyond/registry';
import { PLATFORM_NAMES } from '../../../src/core/platform/presets';
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import type { Scenario } from '../../../src/core/scenario/types';
import { inspectHandle } from '../../../src/core/sim/inspect';
import { runStep } from '../../../src/core/sim/run';
import { Sim } from '../../../src/core/sim/sim';
import { buildSnapshot } from '../../../src/core/view';

type RawStep = Record<string, unknown>;

/** Every handle the random steps may name, created up front (any of these may fail). */
const SETUP: RawStep[] = [
  { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
  { op: 'open', path: '/dev/vfio/26', as: 'g26' },
  { op: 'open', path: '/dev/vfio/27', as: 'g27' },
  { op: 'open', path: '/dev/iommu', as: 'fd' },
  { op: 'open', path: '/dev/vfio/devices/nic1', as: 'd1' },
  { op: 'mmap', length: '0x400000', as: 'm' },
  { op: 'IOMMU_IOAS_ALLOC', fd: 'fd', as: 'ioas' },
  { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'd1', iommufd: 'fd', as: 'id1' },
  { op: 'IOMMU_HWPT_ALLOC', fd: 'fd', dev_id: 'id1', pt_id: 'ioas', flags: [], as: 'hw' },
];
const FDS = ['c', 'g26', 'g27', 'fd', 'd1'];
const NAMES = [...FDS, 'm', 'ioas', 'id1', 'hw'];

const hex = (n: number): string => '0x' + n.toString(16);
const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const page = fc.integer({ min: 0, max: 0x40 }).map((k) => hex(0x100000 + k * 0x1000));
const size = fc.constantFrom(0x1000, 0x2000, 0x10000, 0x200000, 0x800).map(hex);
const uva = fc.integer({ min: 0, max: 0x3ff }).map((k) => hex(0x7f0000000000 + k * 0x1000));

const stepArb: fc.Arbitrary<RawStep> = fc.oneof(
  fc.record({ op: fc.constant('VFIO_GROUP_SET_CONTAINER'), fd: pick(['g26', 'g27']), container: pick(['c', 'fd']) }),
  fc.record({ op: fc.constant('VFIO_GROUP_UNSET_CONTAINER'), fd: pick(['g26', 'g27']) }),
  fc.record({ op: fc.constant('VFIO_SET_IOMMU'), fd: fc.constant('c'), type: pick(['VFIO_TYPE1v2_IOMMU', 'VFIO_TYPE1_IOMMU', 'VFIO_SPAPR_TCE_v2_IOMMU', 'VFIO_SPAPR_TCE_IOMMU']) }),
  fc.record({ op: fc.constant('VFIO_IOMMU_MAP_DMA'), fd: fc.constant('c'), iova: page, size, vaddr: uva, flags: fc.constant(['READ', 'WRITE']) }),
  fc.record({ op: fc.constant('VFIO_IOMMU_UNMAP_DMA'), fd: fc.constant('c'), iova: page, size }),
  fc.record({ op: fc.constant('VFIO_IOMMU_GET_INFO'), fd: fc.constant('c') }),
  fc.record({ op: fc.constant('VFIO_GROUP_GET_DEVICE_FD'), fd: pick(['g26', 'g27']), device: pick(['nic0', 'nic1']) }),
  fc.record({ op: fc.constant('VFIO_IOMMU_SPAPR_REGISTER_MEMORY'), fd: fc.constant('c'), vaddr: uva, size }),
  fc.record({ op: fc.constant('VFIO_IOMMU_SPAPR_TCE_CREATE'), fd: fc.constant('c'), page_shift: pick([12, 16]), window_size: fc.constant('0x40000000'), levels: pick([1, 2]) }),
  fc.record({ op: fc.constant('VFIO_IOMMU_SPAPR_TCE_REMOVE'), fd: fc.constant('c'), start_addr: pick(['0x0', '0x800000000000000']) }),
  fc.record({ op: fc.constant('IOMMU_IOAS_MAP'), fd: fc.constant('fd'), ioas_id: fc.constant('ioas'), user_va: uva, length: size, iova: page, flags: fc.constant(['FIXED_IOVA', 'READABLE', 'WRITEABLE']) }),
  fc.record({ op: fc.constant('IOMMU_IOAS_UNMAP'), fd: fc.constant('fd'), ioas_id: fc.constant('ioas'), iova: page, length: size }),
  fc.record({ op: fc.constant('VFIO_DEVICE_ATTACH_IOMMUFD_PT'), fd: fc.constant('d1'), pt_id: pick(['ioas', 'hw']) }),
  fc.record({ op: fc.constant('VFIO_DEVICE_DETACH_IOMMUFD_PT'), fd: fc.constant('d1') }),
  fc.record({ op: fc.constant('IOMMU_DESTROY'), fd: fc.constant('fd'), id: pick(['hw', 'ioas']) }),
  fc.record({ op: fc.constant('close'), fd: pick(FDS) }),
  fc.record({ op: fc.constant('munmap'), addr: fc.constant('0x7ffefc000000'), length: size }),
  fc.record({ op: fc.constant('inspect'), target: pick(NAMES) }),
);

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(pick(PLATFORM_NAMES), pick(['legacy', 'iommufd'] as const), fc.array(stepArb, { minLength: 1, maxLength: 24 }))
  .map(([platform, vfio_container, steps]) => {
    const r = parseScenarioValue({
      format: 'iova-atlas.scenario', version: 1, platform, kernel: { vfio_container },
      devices: [{ id: 'nic0', group: 26 }, { id: 'nic1', group: 27 }],
      steps: [...SETUP, ...steps],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues.slice(0, 3)));
    return r.scenario;
  });

/** Results, every step's snapshot (with its changes) and every handle's inspect at the end. */
function observe(s: Scenario): unknown {
  let sim = Sim.create(s);
  const out: unknown[] = [buildSnapshot(sim, -1)];
  s.steps.forEach((step, i) => {
    const prev = sim;
    sim = prev.clone();
    let r: unknown;
    try {
      r = runStep(sim, step, i);
    } catch (e) {
      r = { threw: String(e) };
    }
    out.push(r, buildSnapshot(sim, i, prev));
  });
  out.push([...sim.state.handles.keys()].map((n) => inspectHandle(sim, n)));
  return out;
}

describe('random VFIO and iommufd scenarios run the same without the beyond-VFIO code', () => {
  it('results, snapshots and inspections', () => {
    fc.assert(fc.property(scenarioArb, (s) => {
      expect(needsBeyond(s)).toBe(false);
      setBeyond(null);
      let without: unknown;
      try {
        without = observe(s);
      } finally {
        setBeyond(beyondModule);
      }
      expect(without).toEqual(observe(s));
    }), { numRuns: 150 });
  });
});
