// Model-based properties of a legacy VFIO container with the type1 v2 backend on x86-vtd-48
// (kernel-semantics.md part 1 §3.1-§3.3, §4.5): MAP_DMA, UNMAP_DMA (no bisect, holes fine,
// returned size), UNMAP ALL, groups leaving and rejoining (the last one out takes the backend and
// every mapping with it), SET_IOMMU again, GET_INFO and dma_avail, against lib/type1-model.ts.
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { assertProperty, commandsConstraints, printStats, Real, runs } from './lib/harness';
import { checkInvariants, DEVICES, initialModel, SETUP, type1Commands } from './lib/type1-commands';

describe('VFIO type1 v2 container against a naive model', () => {
  afterAll(() => printStats('type1 outcomes'));

  it('x86-vtd-48: map/unmap/unmap-all/group detach agree with the model, invariants hold', { timeout: 120_000 }, () => {
    assertProperty(
      fc.property(fc.commands(type1Commands(), commandsConstraints()), (cmds) => {
        fc.modelRun(() => {
          const real = Real.create('x86-vtd-48', DEVICES, SETUP);
          const model = initialModel();
          checkInvariants(model, real);
          return { model, real };
        }, cmds);
      }),
      { numRuns: runs(350) },
    );
  });
});
