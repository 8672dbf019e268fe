// A deliberately simple reference model of a legacy VFIO container with the type1 v2 backend on
// x86 VT-d 48-bit (kernel-semantics.md part 1 §3.1-§3.3, §4.5; part 2 §4): a sorted array of
// mappings, the kernel's check order written out, and the container lifetime rule that the
// backend (with every mapping) goes away when the last group leaves.

import type { Expected } from './harness';
import { ERR, OK, U64_MAX } from './harness';
import type { Iv } from './naive';
import { intersects, len, sorted, within } from './naive';

/** dma_entry_limit's default (U16_MAX). */
export const DMA_ENTRY_LIMIT = 65535;
/** PAGE_SIZE, and the smallest VT-d page (the type1 pgsize of every check). */
export const PGSIZE = 0x1000n;
/** The VT-d domain's 4K|2M|1G (the only domain, so the AND of all of them). */
export const PGSIZES = 0x1000n | 0x200000n | 0x40000000n;
/** Aperture [0, 2^48-1] minus the MSI window 0xfee00000-0xfeefffff. */
export const IOVA_LIST: readonly Iv[] = [
  { first: 0n, last: 0xfedfffffn },
  { first: 0xfef00000n, last: (1n << 48n) - 1n },
];

export const GROUPS = [26, 27] as const;
export type Group = (typeof GROUPS)[number];

export interface MDma extends Iv {
  readonly vaddr: bigint;
}

export interface Type1Model {
  /** Groups in the container. */
  groups: Group[];
  /** VFIO_SET_IOMMU(TYPE1v2) done and not yet released by the last group leaving. */
  iommu: boolean;
  dmas: MDma[];
}

export const dmaAvail = (m: Type1Model): number => DMA_ENTRY_LIMIT - m.dmas.length;

/** VFIO_IOMMU_MAP_DMA (container.c dispatch, vfio_dma_do_map §3.3 steps 1-9). */
export function predictMapDma(m: Type1Model, iova: bigint, size: bigint, vaddr: bigint, read: boolean, write: boolean): Expected {
  if (!m.iommu) return ERR('EINVAL');
  if (!read && !write) return ERR('EINVAL');
  if (size === 0n || size % PGSIZE !== 0n || iova % PGSIZE !== 0n || vaddr % PGSIZE !== 0n) return ERR('EINVAL');
  if (iova + size - 1n > U64_MAX || vaddr + size - 1n > U64_MAX) return ERR('EINVAL');
  const last = iova + size - 1n;
  if (m.dmas.some((d) => intersects(d, iova, last))) return ERR('EEXIST');
  if (dmaAvail(m) === 0) return ERR('ENOSPC');
  if (!IOVA_LIST.some((n) => within({ first: iova, last }, n))) return ERR('EINVAL');
  m.dmas = sorted([...m.dmas, { first: iova, last, vaddr }]);
  return OK();
}

/** VFIO_IOMMU_UNMAP_DMA (vfio_dma_do_unmap, v2), with or without VFIO_DMA_UNMAP_FLAG_ALL. */
export function predictUnmapDma(m: Type1Model, iova: bigint, size: bigint, all: boolean): Expected {
  if (!m.iommu) return ERR('EINVAL');
  if (iova % PGSIZE !== 0n) return ERR('EINVAL');
  let last: bigint;
  if (all) {
    if (iova !== 0n || size !== 0n) return ERR('EINVAL');
    last = U64_MAX;
  } else {
    if (size === 0n || size % PGSIZE !== 0n || iova + size - 1n > U64_MAX) return ERR('EINVAL');
    last = iova + size - 1n;
    // v2: no mapping may straddle either end (holes inside are fine).
    if (m.dmas.some((d) => d.first < iova && d.last >= iova)) return ERR('EINVAL');
    if (m.dmas.some((d) => d.first <= last && d.last > last)) return ERR('EINVAL');
  }
  const gone = m.dmas.filter((d) => intersects(d, iova, last));
  m.dmas = m.dmas.filter((d) => !gone.includes(d));
  return OK({ size: gone.reduce((t, d) => t + len(d), 0n) });
}

/** VFIO_GROUP_UNSET_CONTAINER: the last group out releases the backend and every mapping. */
export function predictUnset(m: Type1Model, g: Group): Expected {
  if (!m.groups.includes(g)) return ERR('EINVAL');
  m.groups = m.groups.filter((x) => x !== g);
  if (m.groups.length === 0) {
    m.iommu = false;
    m.dmas = [];
  }
  return OK();
}

/**
 * VFIO_GROUP_SET_CONTAINER: a group already in a container is EINVAL; with the backend set the
 * group is attached at once (the mappings all lie in the IOVA list, which excludes the MSI
 * window, so neither the aperture nor the reserved-region check can refuse it).
 */
export function predictSet(m: Type1Model, g: Group): Expected {
  if (m.groups.includes(g)) return ERR('EINVAL');
  m.groups = [...m.groups, g];
  return OK();
}

/** VFIO_SET_IOMMU(VFIO_TYPE1v2_IOMMU): needs a group and no backend yet; starts empty. */
export function predictSetIommu(m: Type1Model): Expected {
  if (m.groups.length === 0 || m.iommu) return ERR('EINVAL');
  m.iommu = true;
  m.dmas = [];
  return OK();
}

/** VFIO_IOMMU_GET_INFO: page sizes, the IOVA list, dma_avail. */
export function predictGetInfo(m: Type1Model): Expected {
  if (!m.iommu) return ERR('EINVAL');
  return OK({ iova_pgsizes: PGSIZES, iova_ranges: IOVA_LIST.map((n) => ({ start: n.first, end: n.last })), dma_avail: dmaAvail(m) });
}
