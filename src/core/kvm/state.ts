// The VM's initial KVM state (Sim.create): no memory slot, no LIOBN table, an empty kvm-vfio device.

import type { KvmState } from './types';

export function newKvmState(): KvmState {
  return { memslots: new Map(), tables: new Map(), vfioFiles: [], hwTables: new Map(), nextTableId: 1, nextHwId: 1 };
}
