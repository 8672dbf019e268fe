// The simulated kernel's state, normalized: every entity lives in a table keyed by its id and
// refers to others by id (never by pointer), so that the whole state can be cloned for
// time-travel checkpoints (see clone.ts) and listed for the views without walking a graph.

import type { Interval, IntervalMap } from '../intervals';
import type { Platform } from '../platform/presets';
import type { KernelOptions } from '../scenario/types';
import type { u64 } from '../u64';

// ---------------------------------------------------------------- devices and groups

export interface DeviceState {
  readonly id: string;
  readonly bdf: string;
  readonly group: number;
  readonly kind: 'pci' | 'mock' | 'vdpa';
  /** The open VFIO device cdev (/dev/vfio/devices/<name>), if any. */
  cdevFd: number | null;
  /**
   * iommufd binding (iommufd_device_bind): the ictx and the device object id. Set by
   * VFIO_DEVICE_BIND_IOMMUFD on a cdev, and also by VFIO_GROUP_GET_DEVICE_FD on a group attached
   * to an iommufd (the compat path): the device object's `via` tells which. Readers meaning
   * "bound through a cdev" must check that (see iommufd/device.ts: cdevBinding), not just this.
   * Device fds obtained through the group are not stored: they are the fd table's 'vfio-device'
   * files with via 'group' (vfio/group-device.ts derives device->open_count from them).
   */
  bound: { ictx: number; devId: number } | null;
}

export type GroupContainerRef = { kind: 'container'; id: number } | { kind: 'iommufd'; ictx: number };

export interface GroupState {
  readonly num: number;
  readonly devices: string[];
  /** The open group fd (a group can be opened once: a second open is EBUSY). */
  fd: number | null;
  container: GroupContainerRef | null;
}

// ---------------------------------------------------------------- VFIO legacy container

export interface Dma extends Interval {
  readonly vaddr: u64;
  readonly read: boolean;
  readonly write: boolean;
  /** type1: the user invalidated the vaddr (UNMAP_DMA with VFIO_DMA_UNMAP_FLAG_VADDR); pins stay. */
  readonly vaddrInvalid?: boolean;
}

/** One type1 vfio_domain: an iommu_domain with the groups attached to it. */
export interface Type1Domain {
  readonly id: number;
  groups: number[];
  readonly apertureStart: u64;
  readonly apertureEnd: u64;
  readonly pgsizeBitmap: u64;
}

export interface Type1State {
  readonly kind: 'type1';
  readonly v2: boolean;
  dmaAvail: number;
  pgsizeBitmap: u64;
  /** Usable IOVA ranges: the intersection of the domains' apertures minus reserved regions. */
  iovaList: Interval[];
  /** One entry per distinct domain; groups share a domain when compatible (newest first, as list_add). */
  domains: Type1Domain[];
  nextDomainId: number;
  dmas: IntervalMap<Dma>;
  /** iommu->vaddr_invalid_count: dmas whose vaddr is invalidated (blocks attach with EBUSY). */
  vaddrInvalidCount: number;
}

/**
 * One sPAPR DMA window (an iommu_table programmed into a TVE). Numbers follow the kernel's
 * iommu_table: `size` is it_size << it_page_shift, which the platform may round up from the
 * size user space asked for (powernv: at least one kernel page of TCEs).
 */
export interface TceWindow {
  readonly slot: number;
  /** Bus address of the first TCE (it_offset << it_page_shift). */
  readonly start: u64;
  /** Bytes of IOVA the table covers (it_size << it_page_shift). */
  readonly size: u64;
  /** The window_size user space asked for (or tce32_size for the lazily created default window). */
  readonly requestedSize: u64;
  readonly pageShift: number;
  readonly levels: number;
  /** log2 of the bytes of one level table (powernv: it_level_size * 8); one-level: the whole table. */
  readonly levelShift: number;
  /** get_table_size(): bytes charged to locked_vm at CREATE (hardware table + userspace view). */
  readonly tableBytes: u64;
  /** 'default': created lazily by tce_iommu_create_default_window; 'create': by TCE_CREATE. */
  readonly origin: 'default' | 'create';
  /**
   * Mapped TCE runs, one per MAP call (pieces of it after later exchanges or unmaps), as IOVA
   * intervals with the user address of their first byte. Runs past the window's last byte
   * are TCEs the kernel wrote past its table (see SpaprState.bugs).
   */
  readonly tces: IntervalMap<Dma>;
  /** Set in the hardware (TVE) of the container's groups; false once the last group left. */
  programmed: boolean;
}

/**
 * A preregistered memory region (mm_iommu_table_group_mem_t). Values in the map are replaced,
 * never mutated (interval maps share values between checkpoints).
 */
export interface PreregRegion extends Interval {
  readonly vaddr: u64;
  readonly size: u64;
  /** mem->used: references (the container's list entry, plus one leaked by an EBUSY put). */
  readonly used: number;
  /** TCEs that currently point into the region (mem->mapped - 1). */
  readonly mapped: u64;
  /** On this container's prereg_list (false: unregistered while mapped, so leaked in the mm). */
  readonly inContainer: boolean;
  /** mem->pageshift: the largest IOMMU page the region can back. */
  readonly pageShift: number;
}

export interface SpaprState {
  readonly kind: 'spapr';
  readonly v2: boolean;
  defWindowPending: boolean;
  /** Window slots 0 and 1 (IOMMU_TABLE_GROUP_MAX_TABLES = 2). */
  windows: (TceWindow | null)[];
  prereg: IntervalMap<PreregRegion>;
  /** v2: set by the first REGISTER_MEMORY; v1: by VFIO_IOMMU_ENABLE. */
  enabled: boolean;
  /** container->mm is set (tce_iommu_mm_set: REGISTER_MEMORY, TCE_CREATE, TCE_REMOVE); UNREGISTER needs it. */
  mmSet: boolean;
  /** Flagged kernel-bug effects observed (e.g. TCEs written past a window's end). */
  bugs: string[];
}

export type ContainerIommu = Type1State | SpaprState;

export interface ContainerState {
  readonly id: number;
  groups: number[];
  /** How many fds refer to the container (closing the last one only drops a kref). */
  fdRefs: number;
  /** The IOMMU backend (iommu_data); null until SET_IOMMU and again after the last group leaves. */
  iommu: ContainerIommu | null;
  /** The backend type last set, to show "was type1, released when group 26 left". */
  history: string[];
  /**
   * Kernel-bug findings of backends already released (SpaprState.bugs, kept when the last group
   * leaves), so the views can still flag them: the leaked pinned memory outlives the backend.
   */
  bugs: string[];
}

// ---------------------------------------------------------------- iommufd

// Owned by the iommufd work (src/core/iommufd/types.ts); re-exported so the state reads as one model.
export type { Area, DeviceObject, HwptObject, IommufdCtx, IommufdObject, IoasObject, SelftestObject } from '../iommufd/types';
import type { IommufdCtx } from '../iommufd/types';
import type { KvmState } from '../kvm/types';
import type { VdpaDevice } from '../vhost/types';
import type { SvaState } from '../sva/types';

// ---------------------------------------------------------------- process memory and files

export interface Vma extends Interval {
  readonly label: string;
}

export type FileState =
  | { kind: 'vfio-container'; container: number }
  | { kind: 'vfio-group'; group: number }
  | { kind: 'iommufd'; ictx: number }
  /** A KVM LIOBN table fd (KVM_CREATE_SPAPR_TCE_64): the table's id in SimState.kvm.tables. */
  | { kind: 'kvm-spapr-tce'; table: number }
  /**
   * A VFIO device file: opened as the cdev /dev/vfio/devices/<name> (via 'cdev'), or returned
   * by VFIO_GROUP_GET_DEVICE_FD on a group fd (via 'group': df->group is set, so it is opened and
   * granted access at once, and the cdev-only ioctls such as BIND_IOMMUFD are refused).
   */
  | { kind: 'vfio-device'; device: string; via: 'cdev' | 'group' }
  /** /dev/vhost-vdpa-<n>: the vDPA device (SimState.vdpa) it was opened on. */
  | { kind: 'vhost-vdpa'; device: string }
  /** A uacce queue (/dev/<uacce node>): its state is SimState.sva.queues, keyed by this fd. */
  | { kind: 'uacce'; device: string };

/** What a handle name stands for. Invalid handles (their creating step failed) hold -1 / 0. */
export type HandleValue =
  | { kind: 'fd'; fd: number }
  | { kind: 'id'; id: number; ictx: number | null }
  | { kind: 'addr'; addr: u64; length: u64 };

export interface SimState {
  readonly platform: Platform;
  readonly kernel: KernelOptions;
  devices: Map<string, DeviceState>;
  groups: Map<number, GroupState>;
  containers: Map<number, ContainerState>;
  ictxs: Map<number, IommufdCtx>;
  /** The scenario's one KVM VM: memory slots, LIOBN tables, kvm-vfio files (src/core/kvm/types.ts). */
  kvm: KvmState;
  /** vhost-vdpa devices (src/core/vhost/types.ts), keyed by device id. */
  vdpa: Map<string, VdpaDevice>;
  /** Processes, mms, PASIDs, SVA domains and handles, PASID tables, page requests (src/core/sva/types.ts). */
  sva: SvaState;
  files: Map<number, FileState>;
  handles: Map<string, HandleValue>;
  /** The process's memory. When the scenario has no mmap step, every address is backed. */
  vmas: IntervalMap<Vma>;
  readonly strictMemory: boolean;
  /** Monotonic counters for entity ids (not kernel-visible). */
  nextContainerId: number;
  nextIctxId: number;
}
