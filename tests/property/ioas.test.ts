// Model-based properties of the iommufd IOAS (kernel-semantics.md part 1 §1.4, §1.5, §2): random
// sequences of IOAS_MAP (fixed and automatic IOVA), IOAS_UNMAP, IOAS_COPY between two IOASes, ALLOW_IOVAS,
// device attach/detach and IOVA_RANGES, run through the real scenario path and checked step by
// step against the naive model in lib/ioas-model.ts.
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { assertProperty, commandsConstraints, printStats, Real, runs } from './lib/harness';
import { checkInvariants, denseCommands, DEVICES, initialModel, ioasCommands, SETUP } from './lib/ioas-commands';
import type { PlatformModel } from './lib/ioas-model';
import { MOCK, VTD48 } from './lib/ioas-model';

function suite(p: PlatformModel, numRuns: number, cmds = ioasCommands(p)): void {
  assertProperty(
    fc.property(fc.commands(cmds, commandsConstraints()), (cmds) => {
      fc.modelRun(() => {
        const real = Real.create(p.name, DEVICES, SETUP);
        const model = initialModel(p, real);
        checkInvariants(model, real);
        return { model, real };
      }, cmds);
    }),
    { numRuns },
  );
}

describe('iommufd IOAS against a naive model', () => {
  afterAll(() => printStats('iommufd IOAS outcomes'));

  it('selftest-mock: map/unmap/copy/allow/attach/detach agree with the model, invariants hold', { timeout: 120_000 }, () => {
    suite(MOCK, runs(350));
  });

  it('x86-vtd-48: map/unmap/copy/allow/attach/detach agree with the model, invariants hold', { timeout: 120_000 }, () => {
    suite(VTD48, runs(350));
  });

  it('x86-vtd-48, byte-granular layouts without a domain: automatic IOVA is the kernel\'s first fit', { timeout: 120_000 }, () => {
    suite(VTD48, runs(150), denseCommands(VTD48));
  });
});
