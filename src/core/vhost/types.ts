// The vhost-vdpa part of the simulated kernel's state (SimState.vdpa, keyed by device id).
// Two translations live side by side and are the point of the whole family (seed 001):
//   - the vhost IOTLB (struct vhost_vdpa_as per ASID, drivers/vhost/vdpa.c): what user space
//     mapped with VHOST_IOTLB_UPDATE; only INVALIDATE and close() remove entries, never a reset;
//   - the parent's own translation (the mlx5 MR, vdpa_sim's iommu[asid], or the platform IOMMU
//     domain vhost-vdpa allocated): what the device actually uses for DMA. It follows the IOTLB
//     only through set_map / dma_map / iommu_map, and a reset can throw it away.
// Values stored in the interval maps are immutable and shared between checkpoints and between
// the two translations (a set_map copy is an O(1) clone of the IOTLB).

import type { IntervalMap } from '../intervals';
import type { u64 } from '../u64';

export type VdpaParentKind = 'mlx5' | 'vdpa_sim' | 'platform-iommu';

/** VHOST_ACCESS_RO / WO / RW. */
export type VhostPerm = 'RO' | 'WO' | 'RW';

/** One vhost IOTLB entry (struct vhost_iotlb_map), [first, last] inclusive. */
export interface IotlbEntry {
  readonly first: u64;
  readonly last: u64;
  /** User address of the first byte (the kernel stores a physical address in PA mode). */
  readonly uaddr: u64;
  readonly perm: VhostPerm;
}

/**
 * The device's own translation for one ASID:
 * - identity: IOVA == address, the pass-through on-chip parents install at probe and on a
 *   CLEAN_MAP reset (vdpa_sim iommu_pt, mlx5 DMA MR) so that virtio-vdpa works;
 * - none: nothing translates (mlx5 ASID without an MR, a freed platform domain);
 * - map: a copy of the vhost IOTLB as of the last set_map, or the entries dma_map / iommu_map
 *   pushed one by one.
 */
export type ParentXlate =
  | { readonly kind: 'identity' }
  | { readonly kind: 'none'; readonly why: string }
  | { readonly kind: 'map'; readonly map: IntervalMap<IotlbEntry> };

/** Calls into the parent (or the IOMMU API), counted so the cost of a sequence is visible. */
export interface ParentCalls {
  set_map: number;
  dma_map: number;
  dma_unmap: number;
  iommu_map: number;
  iommu_unmap: number;
  reset_map: number;
  /** vdpa_reset -> ops->reset or ops->compat_reset (open, SET_STATUS 0, release). */
  reset: number;
}

/** What happened since the last device reset (SET_STATUS 0 or open): the reboot cost, from state. */
export interface SinceReset {
  updateMessages: number;
  invalidateMessages: number;
  calls: ParentCalls;
  /** Bytes newly entered into the IOTLB (accepted UPDATEs). */
  bytesMapped: u64;
  /** Bytes removed from the IOTLB (INVALIDATE). */
  bytesUnmapped: u64;
  /** Pages pinned by accepted UPDATEs (pinned_vm units: PAGE_SIZE); 0 in VA mode. */
  pagesPinned: u64;
}

export interface VdpaDevice {
  readonly id: string;
  /** n of /dev/vhost-vdpa-n: the order of the scenario's vDPA devices. */
  readonly index: number;
  readonly parent: VdpaParentKind;
  /** The host's PAGE_SIZE (PA-mode entries and pins are whole pages). */
  readonly pageSize: u64;
  /** The open fd (vhost_vdpa_open is exclusive). */
  fd: number | null;
  /** Virtio status byte (VIRTIO_CONFIG_S_*). */
  status: number;
  /** acked_backend_features of vqs[0] (VHOST_SET_BACKEND_FEATURES). */
  backendFeatures: u64;
  inBatch: boolean;
  batchAsid: number;
  /** The vhost IOTLB per ASID; an ASID exists once an UPDATE or BATCH_BEGIN created it. */
  ases: Map<number, IntervalMap<IotlbEntry>>;
  /** The parent's translation per ASID (0 .. nas-1). */
  xlate: Map<number, ParentXlate>;
  /** This device's contribution to mm->pinned_vm (PAGE_SIZE units). */
  pinnedPages: u64;
  /** Platform-IOMMU parents: the iommu_domain vhost-vdpa allocated at open exists. */
  domain: boolean;
  calls: ParentCalls;
  sinceReset: SinceReset;
  /** seconds_per_gib of the reboot cost estimate (set by a QEMU macro step; default 0.21). */
  secondsPerGib: number;
  /** Backing page size of guest RAM for "pages pinned" (set by a QEMU macro step; default PAGE_SIZE). */
  backingPageSize: u64;
}

export function zeroCalls(): ParentCalls {
  return { set_map: 0, dma_map: 0, dma_unmap: 0, iommu_map: 0, iommu_unmap: 0, reset_map: 0, reset: 0 };
}

export function zeroSinceReset(): SinceReset {
  return { updateMessages: 0, invalidateMessages: 0, calls: zeroCalls(), bytesMapped: 0n, bytesUnmapped: 0n, pagesPinned: 0n };
}
