// What each platform's IOMMU driver offers for PASIDs and SVA, and each device's PASID properties
// at Sim creation (SimState.sva.devices).

import type { Platform } from '../platform/presets';
import type { DeviceSpec } from '../scenario/types';
import type { SvaDeviceState } from './types';
import { zeroCounters } from './types';

/** 20-bit PCIe PASID width: the common max_pasids of a PASID-capable PCI device. */
export const DEFAULT_MAX_PASIDS = 1 << 20;

/**
 * ops->domain_alloc_sva: intel_svm_domain_alloc (VT-d), arm_smmu_sva_domain_alloc (SMMUv3),
 * amd_iommu_domain_alloc_sva (AMD-Vi, since v6.10: unverified version). spapr_tce_iommu_ops and
 * the selftest mock IOMMU have none (iommu_sva_domain_alloc -> EOPNOTSUPP).
 */
export function hasDomainAllocSva(p: Platform): boolean {
  switch (p.iommu) {
    case 'intel-vtd':
    case 'amd-vi':
    case 'arm-smmu-v3':
      return true;
    case 'spapr-tce':
    case 'iommufd-selftest-mock':
      return false;
    default: {
      const never: never = p.iommu;
      return never;
    }
  }
}

/**
 * dev->iommu->max_pasids when the scenario does not give one: min(device PASID capability, IOMMU
 * limit). PCI devices on VT-d / SMMUv3 / AMD-Vi: 1 << 20 (a 20-bit PASID capability; VT-d PSS=19
 * gives 2 << 19; the per-driver limit is unverified). PPC has no PASID support (0). A selftest
 * mock device has "pasid-num-bits" 0 unless created with MOCK_FLAGS_DEVICE_PASID (0).
 */
function defaultMaxPasids(p: Platform, spec: DeviceSpec): number {
  if (spec.kind === 'vdpa') return 0;
  if (p.mock) return 0;
  return hasDomainAllocSva(p) ? DEFAULT_MAX_PASIDS : 0;
}

export function svaDevicesOf(specs: readonly DeviceSpec[], p: Platform): Map<string, SvaDeviceState> {
  const out = new Map<string, SvaDeviceState>();
  for (const d of specs) {
    out.set(d.id, {
      id: d.id,
      maxPasids: d.max_pasids ?? defaultMaxPasids(p, d),
      // A vDPA device of a software parent has no iommu_group (dev->iommu_group == NULL).
      hasGroup: d.kind !== 'vdpa',
      // vfio-pci sets .pasid_attach_ioas (v6.15); the selftest mock device is driven through
      // IOMMU_TEST_OP_PASID_ATTACH, which reaches the same iommufd_device_attach (unverified mapping).
      pasidAttachIoas: d.pasid_attach_ioas ?? true,
      uacce: d.uacce ?? null,
      counters: zeroCounters(), partial: [], responses: [], vfioPasids: [], fpd: [],
    });
  }
  return out;
}
