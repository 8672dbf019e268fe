// The code of the families beyond VFIO (vhost-vdpa, PASID / SVA, KVM sPAPR TCE tables), held
// here once it is loaded. The browser's worker loads it (a chunk of its own, index.ts) only for a
// scenario that needs it (needs.ts: needsBeyond), so a VFIO / iommufd scenario never fetches
// it; Node (tests, CLI, bench) registers it at start-up (eager.ts).
//
// The rest of the core reaches that code only through beyond(), and only where the state holds
// something of those families (a vDPA device, PASID state, a KVM table...): with none, each
// call site knows the answer without it (see the guard next to each call).

import type * as BeyondModule from './index';

export type Beyond = typeof BeyondModule;

let loaded: Beyond | null = null;

/** Registers the loaded module (null: forget it, for tests that run without it). */
export function setBeyond(mod: Beyond | null): void {
  loaded = mod;
}

export function beyondLoaded(): boolean {
  return loaded !== null;
}

/** The loaded module; throws (a simulator bug, not a kernel error) when it is not loaded. */
export function beyond(): Beyond {
  if (!loaded) {
    throw new Error('internal: the vDPA / SVA / KVM simulation code (core/beyond) is not loaded; ' +
      'it must be registered (setBeyond) before running a scenario that needsBeyond');
  }
  return loaded;
}
