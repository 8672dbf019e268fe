// The PASID / SVA part of the simulated kernel's state (SimState.sva). Everything is keyed by id
// and refers to other entities by id, like the rest of the state:
//
//   processes  name -> the mm the process runs on now (a process that exited has none)
//   mms        mm_struct: its PASID (mm->iommu_mm->pasid), its SVA domains, whether it is alive
//   ida        iommu_global_pasid_ida: every allocated global PASID and who holds it
//   domains    SVA iommu_domains (one per mm, shared by the devices it is attached to)
//   handles    struct iommu_sva (the attach handle of one (device, PASID), with its users count)
//   groups     group->pasid_array: per iommu group, PASID -> what is attached there (an SVA handle
//              or an iommufd HWPT); a device's hardware PASID table is derived from it (table.ts)
//   devices    per device: invalidation counters, the page-request queue, VFIO's vdev->pasids
//   queues     uacce queues (one per open /dev/<uacce> fd)
//   names      scenario handle names of the objects above (the Sim binds { kind: 'id', ictx: null })

import type { u64 } from '../u64';

/** The scenario's own process: its fds are the Sim's fd table; open("/dev/<uacce>") binds its mm. */
export const SELF = 'self';

export interface MmState {
  readonly id: number;
  /** The process name it was created for. */
  readonly process: string;
  /** mm_users > 0: the process runs on it (exit_mmap has not run). */
  alive: boolean;
  /** __mmdrop ran: mm_count reached 0 (process gone and no SVA domain holds mmgrab). */
  freed: boolean;
  /** mm->iommu_mm->pasid, allocated on the first bind; freed only by mm_pasid_drop in __mmdrop. */
  pasid: number | null;
  /** iommu_mm->sva_domains, newest first (list_add). Each holds mmgrab(mm). */
  domains: number[];
  /** x86 LAM enabled (mm->context.lam_cr3_mask != 0). */
  lam: boolean;
  /** MM_CONTEXT_FORCE_TAGGED_SVA (ARCH_FORCE_TAGGED_SVA). */
  forceTaggedSva: boolean;
}

/** Who holds a PASID of the global IDA. */
export type PasidOwner =
  | { readonly kind: 'mm'; readonly mm: number }
  /** A kernel driver's iommu_alloc_global_pasid (e.g. idxd for its kernel DMA PASID). */
  | { readonly kind: 'driver'; readonly device: string };

export interface SvaDomain {
  readonly id: number;
  readonly mm: number;
  /** domain->users: devices (attach handles) using it. */
  users: number;
}

/** struct iommu_sva: the attach handle of (device, PASID); bind twice = the same handle, users 2. */
export interface SvaHandle {
  readonly id: number;
  readonly device: string;
  readonly group: number;
  readonly pasid: number;
  readonly mm: number;
  readonly domain: number;
  users: number;
  /** The uacce queues (fds) that own references, for inspect. */
  queues: number[];
}

/** One entry of group->pasid_array. */
export type PasidSlot =
  | { readonly kind: 'sva'; readonly handle: number; readonly domain: number }
  /** An iommufd HWPT attached with VFIO_DEVICE_ATTACH_IOMMUFD_PT + PASID (igroup->pasid_attach). */
  | { readonly kind: 'iommufd'; readonly ictx: number; hwpt: number; devices: number[] };

/** Invalidation counters of one device (VT-d names; see invalidate.ts). */
export interface InvalCounters {
  /** PASID-cache invalidations (pc_inv). */
  pasid_cache: number;
  /** IOTLB invalidations: PASID-based for first-level/nested entries, domain-selective for second-level. */
  iotlb: number;
  /** Device-TLB (ATS) invalidations. */
  devtlb: number;
  /** Page-request drains for a PASID (intel_iommu_drain_pasid_prq). */
  prq_drain: number;
}

export interface PageRequest {
  readonly pasid: number | null;
  readonly addr: u64;
  readonly perm: readonly string[];
  readonly grpid: number;
  readonly last: boolean;
}

export type PageResponseCode = 'SUCCESS' | 'INVALID' | 'FAILURE';

export interface PageResponse {
  readonly grpid: number;
  readonly pasid: number | null;
  readonly code: PageResponseCode;
  /** Requests answered by this one response (the partials of the group plus the last one). */
  readonly requests: number;
  readonly why: string;
}

export interface SvaDeviceState {
  readonly id: string;
  /** dev->iommu->max_pasids: min(the device's PASID capability, the IOMMU's); 0 = no PASID. */
  readonly maxPasids: number;
  /** The device sits behind an IOMMU group (a vDPA device of a software parent does not). */
  readonly hasGroup: boolean;
  /** Its VFIO driver implements pasid_attach_ioas (vfio-pci since v6.15). */
  readonly pasidAttachIoas: boolean;
  /** Its uacce node name (/dev/<name>), when an accelerator driver registered one. */
  readonly uacce: string | null;
  counters: InvalCounters;
  /** fault_param->partial: non-last page requests waiting for the last request of their group. */
  partial: PageRequest[];
  /** Page responses sent to the device, oldest first. */
  responses: PageResponse[];
  /** VFIO's vdev->pasids: PASIDs attached through VFIO_DEVICE_ATTACH_IOMMUFD_PT with PASID. */
  vfioPasids: number[];
  /** First-level entries torn down by mm exit (Fault Processing Disabled, not yet cleared). */
  fpd: number[];
}

/** A uacce queue: one per open of /dev/<uacce node> (uacce_fops_open). */
export interface UacceQueue {
  readonly fd: number;
  readonly device: string;
  /** The SVA handle this queue's open bound (null when the device was registered without UACCE_DEV_SVA). */
  readonly handle: number | null;
  readonly pasid: number | null;
}

export type SvaNamed =
  | { readonly kind: 'handle'; readonly id: number }
  | { readonly kind: 'mm'; readonly id: number }
  | { readonly kind: 'global-pasid'; readonly pasid: number; readonly device: string };

export interface SvaState {
  processes: Map<string, number>;
  mms: Map<number, MmState>;
  ida: Map<number, PasidOwner>;
  domains: Map<number, SvaDomain>;
  handles: Map<number, SvaHandle>;
  groups: Map<number, Map<number, PasidSlot>>;
  devices: Map<string, SvaDeviceState>;
  queues: Map<number, UacceQueue>;
  names: Map<string, SvaNamed>;
  nextMmId: number;
  nextDomainId: number;
  nextHandleId: number;
}

export function newSvaState(devices: Map<string, SvaDeviceState>): SvaState {
  return {
    processes: new Map(), mms: new Map(), ida: new Map(), domains: new Map(), handles: new Map(),
    groups: new Map(), devices, queues: new Map(), names: new Map(),
    nextMmId: 1, nextDomainId: 1, nextHandleId: 1,
  };
}

export const zeroCounters = (): InvalCounters => ({ pasid_cache: 0, iotlb: 0, devtlb: 0, prq_drain: 0 });
