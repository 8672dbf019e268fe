// The iommufd part of the simulated kernel's state (re-exported by sim/state.ts). Objects refer
// to each other by id, as everything in the state does; nothing here holds a pointer.
//
// Reference counts (`users` in the kernel) are not stored: objects.ts derives them from the
// relations below, so they cannot drift from what actually holds the object.

import type { Interval, IntervalMap, OwnedRange, RangeList } from '../intervals';
import type { u64 } from '../u64';
import type { GapIndex } from './gap-index';

/** One IOAS mapping (struct iopt_area): [first, last] inclusive. Never merged with neighbours. */
export interface Area extends Interval {
  /** User VA of the first byte (pages->uptr + start_byte). */
  readonly userVa: u64;
  readonly read: boolean;
  readonly write: boolean;
  /**
   * iopt_pages->writable of the pages behind the area: set by the MAP that created the pages
   * (WRITEABLE), shared by every COPY and split of them. COPY with WRITEABLE needs it (EPERM).
   */
  readonly pagesWritable: boolean;
  /** Pages are shared with the area this was copied from (IOAS_COPY). */
  readonly copiedFrom?: { readonly ioas: number; readonly iova: u64 };
}

export interface IoasObject {
  readonly kind: 'ioas';
  readonly id: number;
  /** area_itree. */
  areas: IntervalMap<Area>;
  /**
   * The holes between areas, with their sizes, for first-fit IOVA allocation in O(log n). Built
   * on the first automatic allocation and kept up to date from then on; an IOAS only ever
   * mapped at fixed IOVAs (QEMU's guest RAM) never pays for it.
   */
  gaps: GapIndex | null;
  /** reserved_itree: owners `hwpt:<id>` (aperture complement), `dev:<id>` (resv regions). May overlap. */
  reserved: RangeList<OwnedRange>;
  /** allowed_itree (IOMMU_IOAS_ALLOW_IOVAS); empty = no restriction. Never overlapping. */
  allowed: RangeList<Interval>;
  /** iopt->iova_alignment: max(1, domains' smallest page, PAGE_SIZE when large pages are off). */
  iovaAlignment: u64;
  /** iopt->disable_large_pages (VFIO compat type1 v1 emulation, IOMMU_OPTION_HUGE_PAGES=0). */
  disableLargePages: boolean;
  /** HWPT_PAGING objects on this IOAS (ioas->hwpt_list), in creation order. */
  hwpts: number[];
}

export interface HwptObject {
  readonly kind: 'hwpt_paging';
  readonly id: number;
  readonly ioas: number;
  /** Created by attaching a device to an IOAS id; destroyed when its last device leaves. */
  readonly auto: boolean;
  readonly apertureStart: u64;
  readonly apertureEnd: u64;
  readonly pgsizeBitmap: u64;
  readonly format: string;
  /** IOMMU_HWPT_ALLOC flags it was created with (capabilities assumed present). */
  readonly flags: readonly string[];
  /** Device object ids attached through this HWPT, in attach order. */
  devices: number[];
}

export interface DeviceObject {
  readonly kind: 'device';
  readonly id: number;
  /** The scenario device. */
  readonly device: string;
  readonly group: number;
  /** How it was bound: a VFIO device cdev, the VFIO compat path (group on an iommufd), or the selftest. */
  readonly via: 'cdev' | 'compat' | 'mock';
  /** The cdev fd that bound it (cdev binds only). */
  readonly fd: number | null;
  /** selftest-mock: the IOMMU_TEST_OP_MOCK_DOMAIN object (stdev) that owns this device. */
  readonly stdev: number | null;
  /** The HWPT this device is attached to, if any. */
  hwpt: number | null;
}

/** The selftest's mock-device object (IOMMUFD_OBJ_SELFTEST, `out_stdev_id`). */
export interface SelftestObject {
  readonly kind: 'selftest';
  readonly id: number;
  readonly device: string;
}

export type IommufdObject = IoasObject | HwptObject | DeviceObject | SelftestObject;

export interface IommufdCtx {
  readonly id: number;
  /** ictx->objects: ids from 1, lowest free first, shared by every object type. */
  objects: Map<number, IommufdObject>;
  /** The VFIO-compat IOAS (ictx->vfio_ioas). */
  vfioIoas: number | null;
  /** Opened as /dev/vfio/vfio with kernel.vfio_container = "iommufd". */
  readonly viaVfioNode: boolean;
  /** VFIO_SET_IOMMU type last accepted by the compat layer (there is no "already set" state). */
  compatType: 'VFIO_TYPE1_IOMMU' | 'VFIO_TYPE1v2_IOMMU' | null;
  /** iommu group number -> the HWPT the whole group is attached to (igroup->hwpt). */
  groupHwpt: Map<number, number>;
  /** Groups attached through VFIO_GROUP_SET_CONTAINER (they hold a reference on the file). */
  compatGroups: number[];
  /** Open fds on the iommufd file. The file is released when no fd, cdev binding or group holds it. */
  fdRefs: number;
}
