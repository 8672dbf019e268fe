// Nested translation (VT-d PGTT = nested; SMMUv3 stage 1 over stage 2), described for the views.
// The entry holds the guest's stage-1 root as a guest physical address (FLPTR) and the host's
// stage-2 domain (SLPTR, an iommufd NEST_PARENT HWPT on an IOAS). The kernel never reads the
// guest's stage-1 tables, so neither can the simulator: what it can show is the shape of the
// two-dimensional walk (every stage-1 table fetch is a GPA that stage 2 must translate first) and
// where stage 2 sends the stage-1 root. The scenario format has no nested HWPT yet
// (IOMMU_HWPT_ALLOC with data_type VTD_S1 / ARM_SMMUV3 is not simulated), so no scenario creates
// such an entry today; the types and the walk are ready for it.

import type { u64 } from '../u64';

export interface NestedEntry {
  /** IOMMU_HWPT_DATA_VTD_S1.pgtbl_addr: the guest's stage-1 root, a GPA. */
  readonly s1Root: u64;
  /** IOMMU_HWPT_DATA_VTD_S1.addr_width: 48 (4 levels) or 57 (5 levels). */
  readonly s1AddrWidth: 48 | 57;
  /** The stage-2 (NEST_PARENT) HWPT and its IOAS: GPA -> host physical, kernel-managed. */
  readonly s2: { readonly ictx: number; readonly hwpt: number; readonly ioas: number };
  readonly s2Levels: number;
}

/** One memory access of the nested walk. */
export interface WalkAccess {
  /** 'stage-2' accesses translate a GPA; 'stage-1' ones read a stage-1 table entry at a (translated) GPA. */
  readonly stage: 'stage-1' | 'stage-2';
  /** The stage-1 level being resolved (s1Levels .. 1), or 0 for the final output address. */
  readonly s1Level: number;
  /** The stage-2 level read (s2Levels .. 1), for stage-2 accesses. */
  readonly s2Level?: number;
  readonly what: string;
}

/**
 * The accesses of one nested walk, in order: for each stage-1 level, a full stage-2 walk of the
 * table's GPA then the stage-1 entry read; then a stage-2 walk of the output GPA. With 4 + 4
 * levels that is 4 * (4 + 1) + 4 = 24 reads, the classic two-dimensional walk (5 + 5: 35).
 */
export function nestedWalkShape(s1Levels: number, s2Levels: number): WalkAccess[] {
  const out: WalkAccess[] = [];
  for (let l1 = s1Levels; l1 >= 1; l1--) {
    const table = l1 === s1Levels ? 'the stage-1 root (FLPTR, a GPA)' : `the level-${l1} stage-1 table (GPA from the level-${l1 + 1} entry)`;
    for (let l2 = s2Levels; l2 >= 1; l2--) out.push({ stage: 'stage-2', s1Level: l1, s2Level: l2, what: `stage-2 level ${l2} entry for ${table}` });
    out.push({ stage: 'stage-1', s1Level: l1, what: `read the level-${l1} stage-1 entry` });
  }
  for (let l2 = s2Levels; l2 >= 1; l2--) out.push({ stage: 'stage-2', s1Level: 0, s2Level: l2, what: `stage-2 level ${l2} entry for the output GPA` });
  return out;
}

export const s1LevelsOf = (width: 48 | 57): number => (width === 57 ? 5 : 4);
