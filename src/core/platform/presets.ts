// Host platform presets: what the IOMMU driver gives a paging domain (aperture, page sizes,
// page-table format), the reserved regions every device reports, and the sPAPR window rules.
// Numbers and sources: shared/reference/kernel-semantics.md, part 2 ("Platform aperture and
// reserved-region table") and the Part 4 observations on real kernels.

import type { u64 } from '../u64';
import { GiB, KiB, MiB } from '../u64';

export const PLATFORM_NAMES = ['x86-vtd-48', 'x86-vtd-57', 'amd-vi', 'arm-smmuv3', 'ppc-powernv', 'ppc-pseries', 'selftest-mock'] as const;
export type PlatformName = (typeof PLATFORM_NAMES)[number];

/** IOMMU_RESV_* region types (include/linux/iommu.h). */
export type ResvType = 'MSI' | 'SW_MSI' | 'RESERVED' | 'DIRECT' | 'DIRECT_RELAXABLE';

export interface ResvRegion {
  readonly first: u64;
  readonly last: u64;
  readonly type: ResvType;
  readonly name: string;
  readonly source: string;
}

export type PageTableFormatName =
  | 'vtd-ss-4' | 'vtd-ss-5' | 'amd-v1-4' | 'arm-lpae-4k-48' | 'ppc-tce' | 'mock';

/** What `iommu_paging_domain_alloc` yields on this platform. */
export interface DomainGeometry {
  readonly apertureStart: u64;
  readonly apertureEnd: u64;
  readonly pgsizeBitmap: u64;
  readonly format: PageTableFormatName;
  readonly source: string;
}

/** sPAPR TCE (PPC) table-group parameters; there is no paging domain on PPC. */
export interface SpaprRules {
  readonly tce32Start: u64;
  readonly tce32Size: u64;
  /** Bitmap of supported TCE page sizes (1 << shift). */
  readonly pgsizes: u64;
  readonly maxWindows: number;
  readonly maxLevels: number;
  /** Bus address of window slot 1 (powernv: TVE#1 selected by bit 59). */
  readonly window1Start: u64;
  /** pseries: the hypervisor chooses; QEMU gives 0 when no window is active, else 1<<59. */
  readonly ddwAddress: 'fixed-slots' | 'hypervisor';
  readonly source: string;
}

export interface Platform {
  readonly name: PlatformName;
  readonly title: string;
  readonly arch: 'x86_64' | 'arm64' | 'ppc64le';
  readonly iommu: 'intel-vtd' | 'amd-vi' | 'arm-smmu-v3' | 'spapr-tce' | 'iommufd-selftest-mock';
  /** The host kernel's PAGE_SIZE. */
  readonly pageSize: u64;
  /** HPAGE_SIZE with transparent huge pages (caps automatic IOVA alignment). */
  readonly hpageSize: u64;
  readonly domain: DomainGeometry | null;
  /** Reserved regions each device reports (iommu_get_resv_regions). */
  readonly reserved: readonly ResvRegion[];
  readonly spapr: SpaprRules | null;
  /** VFIO device cdevs (and so native iommufd) exist on this platform. */
  readonly vfioCdev: boolean;
  /** Bind and attach behave as IOMMU_TEST_OP_MOCK_DOMAIN does. */
  readonly mock: boolean;
  readonly notes: readonly string[];
}

const X86_MSI: ResvRegion = {
  first: 0xfee00000n, last: 0xfeefffffn, type: 'MSI', name: 'x86 MSI window (IOAPIC_RANGE)',
  source: 'drivers/iommu/intel/iommu.c: intel_iommu_get_resv_regions',
};
const AMD_MSI: ResvRegion = { ...X86_MSI, source: 'drivers/iommu/amd/iommu.c: amd_iommu_get_resv_regions' };
const AMD_HT: ResvRegion = {
  first: 0xfd00000000n, last: 0xffffffffffn, type: 'RESERVED', name: 'AMD HyperTransport range',
  source: 'drivers/iommu/amd/iommu.c: amd_iommu_get_resv_regions',
};
const ARM_SW_MSI: ResvRegion = {
  first: 0x8000000n, last: 0x80fffffn, type: 'SW_MSI', name: 'SW MSI window (MSI_IOVA_BASE)',
  source: 'drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c: arm_smmu_get_resv_regions',
};

const SZ_4K = 4n * KiB;
const SZ_2M = 2n * MiB;
const SZ_1G = GiB;

export const PLATFORMS: Readonly<Record<PlatformName, Platform>> = {
  'x86-vtd-48': {
    name: 'x86-vtd-48', title: 'x86-64, Intel VT-d, 4-level (48-bit) second stage', arch: 'x86_64', iommu: 'intel-vtd',
    pageSize: SZ_4K, hpageSize: SZ_2M,
    domain: {
      apertureStart: 0n, apertureEnd: (1n << 48n) - 1n, pgsizeBitmap: SZ_4K | SZ_2M | SZ_1G, format: 'vtd-ss-4',
      source: 'drivers/iommu/intel/iommu.c: paging_domain_alloc',
    },
    reserved: [X86_MSI], spapr: null, vfioCdev: true, mock: false,
    notes: ['Page sizes 4K|2M|1G assume superpage capability bits 0 and 1 (hardware-dependent).'],
  },
  'x86-vtd-57': {
    name: 'x86-vtd-57', title: 'x86-64, Intel VT-d, 5-level (57-bit) second stage', arch: 'x86_64', iommu: 'intel-vtd',
    pageSize: SZ_4K, hpageSize: SZ_2M,
    domain: {
      apertureStart: 0n, apertureEnd: (1n << 57n) - 1n, pgsizeBitmap: SZ_4K | SZ_2M | SZ_1G, format: 'vtd-ss-5',
      source: 'drivers/iommu/intel/iommu.c: paging_domain_alloc',
    },
    reserved: [X86_MSI], spapr: null, vfioCdev: true, mock: false,
    notes: ['Page sizes 4K|2M|1G assume superpage capability bits 0 and 1 (hardware-dependent).'],
  },
  'amd-vi': {
    name: 'amd-vi', title: 'x86-64, AMD-Vi, v1 host page table, 4 levels', arch: 'x86_64', iommu: 'amd-vi',
    pageSize: SZ_4K, hpageSize: SZ_2M,
    domain: {
      // AMD_IOMMU_PGSIZES = GENMASK_ULL(51, 12) ^ SZ_512G
      apertureStart: 0n, apertureEnd: (1n << 48n) - 1n, pgsizeBitmap: (((1n << 52n) - 1n) & ~((1n << 12n) - 1n)) ^ (512n * GiB),
      format: 'amd-v1-4', source: 'drivers/iommu/amd/iommu.c: do_iommu_domain_alloc (dma_max_address)',
    },
    reserved: [AMD_MSI, AMD_HT], spapr: null, vfioCdev: true, mock: false,
    notes: ['The HT range is reserved unless the IOMMU has the HT-range-ignore feature.'],
  },
  'arm-smmuv3': {
    name: 'arm-smmuv3', title: 'arm64, SMMUv3 stage 1, 4 KiB granule, 48-bit', arch: 'arm64', iommu: 'arm-smmu-v3',
    pageSize: SZ_4K, hpageSize: SZ_2M,
    domain: {
      apertureStart: 0n, apertureEnd: (1n << 48n) - 1n, pgsizeBitmap: SZ_4K | SZ_2M | SZ_1G, format: 'arm-lpae-4k-48',
      source: 'drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c: arm_smmu_domain_finalise',
    },
    reserved: [ARM_SW_MSI], spapr: null, vfioCdev: true, mock: false,
    notes: ['The SW MSI window start is from memory in the reference (MSI_IOVA_BASE); marked unverified there.'],
  },
  'ppc-powernv': {
    name: 'ppc-powernv', title: 'POWER9 powernv (PHB4, IODA2), sPAPR TCE windows', arch: 'ppc64le', iommu: 'spapr-tce',
    pageSize: 64n * KiB, hpageSize: SZ_2M, domain: null, reserved: [],
    spapr: {
      tce32Start: 0n, tce32Size: 0x80000000n,
      pgsizes: SZ_4K | 64n * KiB | SZ_2M | SZ_1G, // 0x40211000, observed on powernv9
      maxWindows: 2, maxLevels: 5, window1Start: 1n << 59n, ddwAddress: 'fixed-slots',
      source: 'arch/powerpc/platforms/powernv/pci-ioda.c: pnv_pci_ioda2_setup_dma_pe',
    },
    vfioCdev: false, mock: false,
    notes: ['No VFIO device cdev and no iommufd on PPC upstream.', 'GET_INFO values were observed on a real powernv9 kernel (6.12).'],
  },
  'ppc-pseries': {
    name: 'ppc-pseries', title: 'PAPR guest (pseries under QEMU/KVM), sPAPR TCE windows', arch: 'ppc64le', iommu: 'spapr-tce',
    pageSize: 64n * KiB, hpageSize: SZ_2M, domain: null, reserved: [],
    spapr: {
      tce32Start: 0n, tce32Size: 0x40000000n, pgsizes: SZ_4K | 64n * KiB,
      maxWindows: 2, maxLevels: 1, window1Start: 1n << 59n, ddwAddress: 'hypervisor',
      source: 'arch/powerpc/platforms/pseries/iommu.c: spapr_tce_create_table',
    },
    vfioCdev: false, mock: false,
    notes: ['The 64-bit window address is chosen by the hypervisor; QEMU returns 0 when no window is active, else 1<<59.'],
  },
  'selftest-mock': {
    name: 'selftest-mock', title: 'iommufd selftest mock IOMMU (CONFIG_IOMMUFD_TEST)', arch: 'x86_64', iommu: 'iommufd-selftest-mock',
    pageSize: SZ_4K, hpageSize: SZ_2M,
    domain: {
      apertureStart: 0x1000000n, apertureEnd: 0x7fffffffn, pgsizeBitmap: 0x800n, format: 'mock',
      source: 'drivers/iommu/iommufd/selftest.c: mock_domain_alloc_paging',
    },
    reserved: [], spapr: null, vfioCdev: true, mock: true,
    notes: ['MOCK_APERTURE_START = 1<<24, MOCK_APERTURE_LAST = (1<<31)-1, MOCK_IO_PAGE_SIZE = PAGE_SIZE/2.', 'Each mock device is its own group.'],
  },
};

export function isPlatformName(s: string): s is PlatformName {
  return (PLATFORM_NAMES as readonly string[]).includes(s);
}

/** A scenario's visible overrides of its preset (say, a narrower aperture). */
export interface PlatformOverrides {
  readonly aperture?: { readonly start: u64; readonly end: u64 };
  readonly pgsize_bitmap?: u64;
  readonly reserved?: readonly { readonly start: u64; readonly last: u64; readonly type?: ResvType }[];
}

export function resolvePlatform(name: PlatformName, o?: PlatformOverrides): Platform {
  const base = PLATFORMS[name];
  if (!o) return base;
  const notes = [...base.notes];
  let domain = base.domain;
  if (domain && (o.aperture || o.pgsize_bitmap !== undefined)) {
    domain = {
      ...domain,
      apertureStart: o.aperture?.start ?? domain.apertureStart,
      apertureEnd: o.aperture?.end ?? domain.apertureEnd,
      pgsizeBitmap: o.pgsize_bitmap ?? domain.pgsizeBitmap,
      source: domain.source + ' (overridden by the scenario)',
    };
    notes.push('The scenario overrides this preset\'s domain geometry.');
  }
  let reserved = base.reserved;
  if (o.reserved) {
    reserved = o.reserved.map((r, i) => ({
      first: r.start, last: r.last, type: r.type ?? 'RESERVED', name: `scenario reserved region ${i}`, source: 'scenario platform_overrides',
    }));
    notes.push('The scenario overrides this preset\'s reserved regions.');
  }
  return { ...base, domain, reserved, notes };
}
