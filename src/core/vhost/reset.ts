// Device reset and release, per parent kind (reference "1.5 Device reset"; Linux 6.12
// drivers/vhost/vdpa.c _compat_vdpa_reset / vhost_vdpa_release / vhost_vdpa_cleanup, include/linux/vdpa.h
// vdpa_reset, mlx5_vdpa_compat_reset, vdpasim_do_reset).
//
// R1: the vhost IOTLB and its pins survive every reset (nothing here touches dev.ases).
// R2: the parent's translation: a CLEAN_MAP reset (no IOTLB_PERSIST negotiated) puts an on-chip
//     parent back to its default (identity) while the IOTLB still holds the entries; with
//     IOTLB_PERSIST the parent keeps its map; a platform-IOMMU parent's domain is never touched.
// R3: group -> ASID goes back to all-zero (mlx5 init_group_to_asid_map, vdpa_sim vringh on
//     iommu[0]); not modelled further, as no scenario op sets a group's ASID.
// R4: close resets, then unmaps and unpins every entry of every ASID, reset_map()s each, and frees
//     the platform domain.

import type { ParentSpec } from './parents';
import { bf } from './parents';
import { iotlbUnmap } from './iotlb';
import type { VdpaDevice } from './types';
import { zeroSinceReset } from './types';
import { defaultXlate } from './xlate';

/** _compat_vdpa_reset: CLEAN_MAP unless user space negotiated IOTLB_PERSIST (read from vqs[0]). */
export function cleanMapOnReset(dev: VdpaDevice): boolean {
  return (dev.backendFeatures & bf('IOTLB_PERSIST')) === 0n;
}

/**
 * vdpa_reset(vdpa, flags): compat_reset(flags) when the parent has one and flags != 0, else reset().
 * Returns what happened to the parent's translation, for the step's reason / note.
 */
export function resetDevice(dev: VdpaDevice, spec: ParentSpec, cleanMap: boolean): string {
  dev.calls.reset++;
  dev.status = 0;
  if (cleanMap && spec.hasCompatReset) {
    for (let asid = 0; asid < spec.nas; asid++) dev.xlate.set(asid, defaultXlate(spec, asid, dev.domain));
    return spec.kind === 'mlx5'
      ? 'compat_reset(CLEAN_MAP): mlx5_vdpa_clean_mrs destroyed the memory keys of both ASIDs and re-created the identity DMA MR on ASID 0'
      : 'compat_reset(CLEAN_MAP): vdpasim_do_reset put every ASID back to identity pass-through';
  }
  if (spec.mapOps === 'iommu') return 'reset(): a pure virtio reset; the IOMMU domain belongs to vhost-vdpa and keeps its mappings';
  return cleanMap
    ? 'reset(): this parent has no compat_reset, its reset keeps its translation'
    : 'reset() without CLEAN_MAP (IOTLB_PERSIST negotiated): the parent keeps its translation';
}

/** SET_STATUS 0: the reset, and a new "since reset" window for the cost of what follows. */
export function statusReset(dev: VdpaDevice, spec: ParentSpec): string {
  const what = resetDevice(dev, spec, cleanMapOnReset(dev));
  dev.sinceReset = zeroSinceReset();
  return what;
}

/** vhost_vdpa_release: reset, then vhost_vdpa_cleanup (remove every AS, reset_map, free the domain). */
export function releaseDevice(dev: VdpaDevice, spec: ParentSpec): void {
  dev.inBatch = false;
  resetDevice(dev, spec, cleanMapOnReset(dev));
  for (let asid = 0; asid < spec.nas; asid++) {
    const iotlb = dev.ases.get(asid);
    if (!iotlb) continue;
    // vhost_vdpa_remove_as: unmap [0, U64_MAX] (unpin; dma_unmap / iommu_unmap per entry), then
    // reset_map so that a vendor IOMMU returns to its default state.
    iotlbUnmap(dev, spec, asid, iotlb, 0n, (1n << 64n) - 1n);
    dev.ases.delete(asid);
    if (spec.hasResetMap) {
      dev.calls.reset_map++;
      dev.xlate.set(asid, defaultXlate(spec, asid, dev.domain));
    }
  }
  if (dev.domain) {
    dev.domain = false;
    for (let asid = 0; asid < spec.nas; asid++) dev.xlate.set(asid, defaultXlate(spec, asid, false));
  }
  dev.fd = null;
  dev.backendFeatures = 0n;
  dev.batchAsid = 0;
}
