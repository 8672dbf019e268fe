// The three vDPA parent kinds a scenario can name, as vhost-vdpa sees them through their
// vdpa_config_ops (include/linux/vdpa.h). Read in Linux 6.12 (the oracle's tree):
// drivers/vhost/vdpa.c, drivers/vdpa/mlx5/net/mlx5_vnet.c, drivers/vdpa/vdpa_sim/vdpa_sim{,_net}.c,
// drivers/vdpa/{ifcvf,virtio_pci,pds} (platform-IOMMU parents). Everything a parent decides lives
// in this one table, so a correction is a one-line change.

import type { Platform } from '../platform/presets';
import type { u64 } from '../u64';
import { U64_MAX } from '../u64';
import type { VdpaParentKind } from './types';

/** VHOST_BACKEND_F_* bit numbers (include/uapi/linux/vhost_types.h, 6.12). */
export const BACKEND_BIT = {
  IOTLB_MSG_V2: 1, IOTLB_BATCH: 2, IOTLB_ASID: 3, SUSPEND: 4, RESUME: 5, ENABLE_AFTER_DRIVER_OK: 6, DESC_ASID: 7, IOTLB_PERSIST: 8,
} as const;
export type BackendFeature = keyof typeof BACKEND_BIT;

export const bf = (name: BackendFeature): u64 => 1n << BigInt(BACKEND_BIT[name]);

/** VHOST_VDPA_BACKEND_FEATURES: what every vhost-vdpa device offers. */
export const VHOST_VDPA_BACKEND_FEATURES = bf('IOTLB_MSG_V2') | bf('IOTLB_BATCH') | bf('IOTLB_ASID');

/** Names of the bits set in a backend feature mask, in bit order. */
export function backendFeatureNames(mask: u64): string[] {
  return (Object.keys(BACKEND_BIT) as BackendFeature[]).filter((n) => (mask & bf(n)) !== 0n);
}

export function backendMask(names: readonly string[]): u64 {
  let m = 0n;
  for (const n of names) if (n in BACKEND_BIT) m |= bf(n as BackendFeature);
  return m;
}

/** How vhost_vdpa_map / vhost_vdpa_general_unmap reach the parent's translation. */
export type MapOps = 'set_map' | 'dma_map' | 'iommu';

export interface ParentSpec {
  readonly kind: VdpaParentKind;
  readonly title: string;
  readonly mapOps: MapOps;
  /** vdpa->nas: number of address spaces. */
  readonly nas: number;
  /** vdpa->use_va: user-VA mode (no pinning; entries per shared file-backed VMA). */
  readonly useVa: boolean;
  readonly hasResetMap: boolean;
  readonly hasCompatReset: boolean;
  readonly hasSuspend: boolean;
  readonly hasResume: boolean;
  readonly hasDescGroup: boolean;
  /** ops->get_backend_features(). */
  readonly parentBackendFeatures: u64;
  /** ops->get_iova_range(), or null when the parent has none (vhost_vdpa_set_iova_range). */
  readonly iovaRange: { readonly first: u64; readonly last: u64 } | null;
  /** Where the numbers come from, and what is assumed. */
  readonly notes: readonly string[];
}

export const PARENTS: Readonly<Record<VdpaParentKind, ParentSpec>> = {
  mlx5: {
    kind: 'mlx5', title: 'mlx5_vdpa (on-chip IOMMU: memory keys)', mapOps: 'set_map', nas: 2, useVa: false,
    hasResetMap: true, hasCompatReset: true, hasSuspend: true,
    // Both are removed from the ops at probe when the NIC lacks the capability
    // (freeze_to_rdy_supported, desc_group_mkey_supported); which NICs have them is not known here.
    hasResume: false, hasDescGroup: false,
    parentBackendFeatures: bf('ENABLE_AFTER_DRIVER_OK'),
    iovaRange: null,
    notes: [
      'mlx5_vdpa_ops (drivers/vdpa/mlx5/net/mlx5_vnet.c, 6.12): set_map, reset_map, compat_reset, suspend; MLX5_VDPA_NUM_AS = 2.',
      'No get_iova_range and no IOMMU domain: GET_IOVA_RANGE is [0, U64_MAX] (vhost_vdpa_set_iova_range).',
      'Assumed: the NIC has umem_uid_0 (a CLEAN_MAP reset re-creates the identity DMA MR on ASID 0) and lacks freeze_to_rdy / desc_group_mkey (RESUME and DESC_ASID not offered) - unverified, these are per-NIC capabilities.',
    ],
  },
  vdpa_sim: {
    kind: 'vdpa_sim', title: 'vdpa_sim_net (software simulator)', mapOps: 'set_map', nas: 2, useVa: true,
    hasResetMap: true, hasCompatReset: true, hasSuspend: true, hasResume: true, hasDescGroup: false,
    parentBackendFeatures: bf('ENABLE_AFTER_DRIVER_OK'),
    iovaRange: { first: 0n, last: U64_MAX },
    notes: [
      'vdpasim_batch_config_ops (module defaults use_va=1, batch_mapping=1): set_map, reset_map, compat_reset, suspend, resume; VDPASIM_NET_AS_NUM = 2.',
      'Backend features 0x17e and GET_IOVA_RANGE [0, U64_MAX] confirmed on Linux 6.12 (reference Part 4).',
      'User-VA mode: nothing is pinned; the simulator treats user memory as shared and file-backed (memfd), as QEMU must give it - vhost_vdpa_va_map silently skips private anonymous memory.',
    ],
  },
  'platform-iommu': {
    kind: 'platform-iommu', title: 'platform IOMMU parent (ifcvf, vp_vdpa, pds, ...)', mapOps: 'iommu', nas: 1, useVa: false,
    hasResetMap: false, hasCompatReset: false, hasSuspend: false, hasResume: false, hasDescGroup: false,
    parentBackendFeatures: 0n,
    iovaRange: null,
    notes: [
      'No set_map / dma_map: vhost-vdpa allocates an IOMMU paging domain at open and iommu_map()s every entry; the domain is untouched by a device reset.',
      'IOTLB_PERSIST is offered because (!set_map && !dma_map) (vhost_vdpa_has_persistent_map).',
      'vhost_vdpa_probe refuses platform-IOMMU parents with more than one group or address space: nas = 1.',
      'ifcvf, vp_vdpa and pds have no suspend/resume/get_iova_range in 6.12: GET_IOVA_RANGE is the domain aperture.',
    ],
  },
};

/** GET_BACKEND_FEATURES: VHOST_VDPA_BACKEND_FEATURES plus what the parent's ops allow. */
export function offeredBackendFeatures(p: ParentSpec): u64 {
  let f = VHOST_VDPA_BACKEND_FEATURES;
  if (p.hasSuspend) f |= bf('SUSPEND');
  if (p.hasResume) f |= bf('RESUME');
  if (p.hasDescGroup) f |= bf('DESC_ASID');
  if (hasPersistentMap(p)) f |= bf('IOTLB_PERSIST');
  return f | p.parentBackendFeatures;
}

/** vhost_vdpa_has_persistent_map(). */
export function hasPersistentMap(p: ParentSpec): boolean {
  return p.mapOps === 'iommu' || p.hasResetMap || (p.parentBackendFeatures & bf('IOTLB_PERSIST')) !== 0n;
}

/**
 * v->range (vhost_vdpa_set_iova_range, at open): the parent's get_iova_range, else the
 * domain's aperture when it forces one, else [0, U64_MAX].
 */
export function iovaRangeOf(p: ParentSpec, platform: Platform): { first: u64; last: u64 } {
  if (p.iovaRange) return p.iovaRange;
  if (p.mapOps === 'iommu' && platform.domain) return { first: platform.domain.apertureStart, last: platform.domain.apertureEnd };
  return { first: 0n, last: U64_MAX };
}
