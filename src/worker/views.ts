// The view-model builders the worker calls, behind one import so that switching from the
// stand-in to the real builders (src/core/view, another engineer's work) is a one-line change.
//
// STAND-IN: until src/core/view exports buildSnapshot / walkSpace, an empty snapshot and a walk
// that says why there is none. Delete this body and re-export theirs when it lands.

import type { Sim } from '../core/sim/sim';
import type { PageWalkResult, Snapshot, StepChanges } from '../core/view/types';

const NO_CHANGES: StepChanges = { addedNodes: [], removedNodes: [], changedNodes: [], ranges: [], summary: [] };

export function buildSnapshot(_sim: Sim, step: number, _prev?: Sim): Snapshot {
  return { step, nodes: [], edges: [], spaces: [], changes: NO_CHANGES };
}

export function walkSpace(_sim: Sim, space: string, iova: bigint): PageWalkResult {
  return { space, iova, walk: null, occupancy: null, why: 'page walks are not available yet (the view model is being built)' };
}
