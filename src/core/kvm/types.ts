// State of the scenario's one KVM VM, as far as IOMMU state goes: guest memory slots, the sPAPR
// TCE tables the guest sees (one per LIOBN), the kvm-vfio pseudo device's file list, and the
// hardware iommu_table objects KVM holds references on (seed 004's final design).
//
// Everything is keyed by id and refers to other entities by id (state.ts), so the views can list
// it without walking pointers: a LIOBN table's `stits` name hardware tables by their `hwTables`
// key; a hardware table names its VFIO container by container id and window slot.

import type { Interval, IntervalMap } from '../intervals';
import type { TceWindow } from '../sim/state';
import type { u64 } from '../u64';

/** A guest memory slot (struct kvm_memory_slot, from KVM_SET_USER_MEMORY_REGION). */
export interface Memslot {
  readonly slot: number;
  readonly flags: readonly string[];
  /** Guest physical address of the first byte (base_gfn << PAGE_SHIFT). */
  readonly gpa: u64;
  readonly size: u64;
  /** The process address backing the first byte (userspace_addr). */
  readonly hva: u64;
}

/**
 * A run of the guest-visible TCE table: consecutive entries (bus addresses [first, last]) whose
 * values step by the table's page size, `tce` being the first entry's value (R/W bits included).
 * Entries are written one H_PUT_TCE at a time and merged with a neighbour that continues them.
 */
export interface GuestTceRun extends Interval {
  readonly tce: u64;
}

/**
 * struct kvmppc_spapr_tce_iommu_table: one LIOBN table's link to a hardware table, with its own
 * kref (one per successful KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE that found this hardware table).
 */
export interface Stit {
  /** Key in KvmState.hwTables. */
  readonly hw: number;
  kref: number;
  /** Groups whose SET_SPAPR_TCE made or bumped this link (for display; the kernel keeps none). */
  groups: number[];
}

/** struct kvmppc_spapr_tce_table: the guest's view of one DMA window, keyed by LIOBN. */
export interface SpaprTceTable {
  readonly id: number;
  readonly liobn: u64;
  readonly pageShift: number;
  /** In IOMMU pages, as the uAPI has them. */
  readonly offset: u64;
  readonly size: u64;
  /** stt->iommu_tables, newest first (list_add_rcu). */
  stits: Stit[];
  /** The guest-visible TCEs (what user space reads by mmap of the table fd); zero entries absent. */
  readonly entries: IntervalMap<GuestTceRun>;
  /** Pages of the guest-visible array allocated so far (page indices; allocated on the first non-zero put). */
  readonly pages: IntervalMap<Interval>;
}

/** A file the kvm-vfio device holds (struct kvm_vfio_file: get_file() at KVM_DEV_VFIO_GROUP_ADD). */
export interface KvmVfioFile {
  readonly file: { readonly kind: 'group'; readonly group: number } | { readonly kind: 'device'; readonly fd: number; readonly device: string };
  /** kvf->iommu_group: set by the first KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE naming this file. */
  iommuGroup: number | null;
  /**
   * The user's fd on this file is still open. After close KVM's reference keeps the file alive,
   * and a group's GroupState.fd is -1 (the group file is open, no fd names it).
   */
  userFd: boolean;
}

/**
 * A hardware iommu_table that KVM references. While VFIO still has it in a window slot the table
 * lives there (container `container`, slot `slot`); when VFIO lets go (TCE_REMOVE, or the
 * backend released when the last group left) and KVM still holds it, the table object moves
 * here (`orphan`): alive, unprogrammed (no TVE points at it any more), TCEs cleared by VFIO.
 */
export interface HwTable {
  readonly id: number;
  readonly container: number;
  readonly slot: number;
  orphan: TceWindow | null;
  /** it_kref references held through stits (one per stit). */
  stitRefs: number;
  /** it_kref references taken by SET_SPAPR_TCE on an already-linked table and never put. */
  leaked: number;
}

export interface KvmState {
  /** Guest memory slots by slot id. */
  memslots: Map<number, Memslot>;
  /** LIOBN tables by id, in creation order (kvm->arch.spapr_tce_tables). */
  tables: Map<number, SpaprTceTable>;
  /** The kvm-vfio device's file list, in order of addition. */
  vfioFiles: KvmVfioFile[];
  /** Hardware tables KVM references, by id. */
  hwTables: Map<number, HwTable>;
  nextTableId: number;
  nextHwId: number;
}
