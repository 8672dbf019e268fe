// A sPAPR window's TCE table, one level vs multi-level (kernel-semantics.md part 2 §5, "PPC
// TCE sizes"): a one-level table is allocated in full at TCE_CREATE; a multi-level one only
// has its top table then, and lower tables appear on the first TCE written in their span.
//
// Everything is derived from what the walk and the occupancy carry, without the kernel's
// PAGE_SHIFT: the top table's bytes are 2^level_shift with level_shift =
// max(ceil(entries_shift / levels) + 3, PAGE_SHIFT), so
//   one-level bytes  = max(2^(entries_shift + 3), PAGE_SIZE) = max(2^(entries_shift + 3), top table bytes)
// (when PAGE_SHIFT wins the max, the top table is exactly PAGE_SIZE; otherwise both sides are
// at most 2^(entries_shift + 3)), and the full tree is pnv_pci_ioda2_get_table_size with
// level_shift standing in for PAGE_SHIFT (it only enters through the same max).

import { tceCreateChargeBytes } from '../../core/pagetable/formats';
import type { Occupancy } from '../../core/pagetable/occupancy';
import type { Walk } from '../../core/pagetable/walk';
import type { LevelBits } from './bits';

export interface TceSizes {
  readonly windowSize: bigint;
  readonly pageSize: bigint;
  readonly tces: bigint;
  readonly levels: number;
  /** The table is the hypervisor's (pseries): no guest memory. */
  readonly hypervisor: boolean;
  /** Bytes of a one-level table for this window (allocated in full at create). */
  readonly oneLevel: bigint;
  /** Bytes of this table allocated now (top table + lower tables touched so far). */
  readonly now: bigint;
  /** Bytes of this table with every level fully populated (get_table_size, one copy). */
  readonly full: bigint;
  /** What TCE_CREATE charges to locked_vm: the full tree twice (hardware table + userspace view). */
  readonly lockedVm: bigint;
}

const log2 = (x: bigint): number => x.toString(2).length - 1;

export function tceSizes(walk: Walk, layout: readonly LevelBits[], occ: Occupancy | null): TceSizes | null {
  if (walk.kind !== 'tce' || !walk.window || !occ || occ.kind !== 'tce' || layout.length === 0 || occ.perLevel.length === 0) return null;
  const pageShift = layout[layout.length - 1]!.lo;
  const windowSize = walk.window.size;
  const entriesShift = log2(windowSize) - pageShift;
  if (entriesShift < 0) return null;
  const topBytes = occ.perLevel[0]!.tableBytes;
  const hypervisor = occ.perLevel.every((l) => l.tableBytes === 0n);
  const array = 1n << BigInt(entriesShift + 3);
  const oneLevel = hypervisor || array > topBytes ? array : topBytes;
  let full = oneLevel;
  if (walk.levels > 1 && !hypervisor) {
    const charge = tceCreateChargeBytes(pageShift, windowSize, walk.levels, log2(topBytes));
    if (charge !== null) full = charge / 2n;
  }
  return {
    windowSize, pageSize: 1n << BigInt(pageShift), tces: 1n << BigInt(entriesShift), levels: walk.levels, hypervisor,
    oneLevel, now: occ.bytes, full, lockedVm: hypervisor ? 0n : full * 2n,
  };
}
