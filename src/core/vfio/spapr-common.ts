// Shared bits of the sPAPR TCE backend: kernel source locations, platform numbers, and the
// little unsigned-arithmetic helpers the table-shape code needs to reproduce C's wrapping.

import type { SpaprRules } from '../platform/presets';
import type { Sim } from '../sim/sim';
import type { SpaprState, TceWindow } from '../sim/state';
import { fls } from '../u64';

const TCE_C = 'drivers/vfio/vfio_iommu_spapr_tce.c';
export const SRC = {
  ioctl: `${TCE_C}: tce_iommu_ioctl`,
  attach: `${TCE_C}: tce_iommu_attach_group`,
  findTable: `${TCE_C}: tce_iommu_find_table`,
  findFree: `${TCE_C}: tce_iommu_find_free_table`,
  createWindow: `${TCE_C}: tce_iommu_create_window`,
  createTable: `${TCE_C}: tce_iommu_create_table`,
  defaultWindow: `${TCE_C}: tce_iommu_create_default_window`,
  removeWindow: `${TCE_C}: tce_iommu_remove_window`,
  build: `${TCE_C}: tce_iommu_build_v2`,
  clear: `${TCE_C}: tce_iommu_clear`,
  register: `${TCE_C}: tce_iommu_register_pages`,
  unregister: `${TCE_C}: tce_iommu_unregister_pages`,
  release: `${TCE_C}: tce_iommu_release`,
  mmAlloc: 'arch/powerpc/mm/book3s64/iommu_api.c: mm_iommu_do_alloc',
  uaToHpa: 'arch/powerpc/mm/book3s64/iommu_api.c: mm_iommu_ua_to_hpa (via tce_iommu_prereg_ua_to_hpa)',
  putParam: 'arch/powerpc/kernel/iommu.c: iommu_tce_check_ioba (iommu_tce_put_param_check is `a || b`)',
  clearParam: 'arch/powerpc/kernel/iommu.c: iommu_tce_check_ioba (iommu_tce_clear_param_check is `a || b`)',
  pnvTableSize: 'arch/powerpc/platforms/powernv/pci-ioda.c: pnv_pci_ioda2_get_table_size',
  pnvAlloc: 'arch/powerpc/platforms/powernv/pci-ioda-tce.c: pnv_pci_ioda2_table_alloc_pages',
  pseriesCreate: 'arch/powerpc/platforms/pseries/iommu.c: spapr_tce_create_table',
} as const;

/** IOMMU_TABLE_GROUP_MAX_TABLES (arch/powerpc/include/asm/iommu.h). */
export const MAX_TABLES = 2;
/** IOMMU_PAGE_SHIFT_4K: the lazily created default window always uses 4 KiB TCEs. */
export const DEFAULT_WINDOW_PAGE_SHIFT = 12;

/** C `unsigned int` arithmetic: the value modulo 2^32 (ToUint32 is exact for safe integers). */
export function u32(x: number): number {
  return x >>> 0;
}

/**
 * `1UL << s` as ppc64's sld computes it: the low 7 bits of the count are used and a count of
 * 64..127 gives 0 (C leaves shifts >= 64 undefined; this is what the hardware does).
 */
export function shl64(x: bigint, s: number): bigint {
  const k = s & 127;
  return k >= 64 ? 0n : (x << BigInt(k)) & ((1n << 64n) - 1n);
}

/** ilog2 of a non-zero u64. */
export function ilog2(x: bigint): number {
  return fls(x);
}

/** The platform's sPAPR table-group numbers, or null on a platform without sPAPR TCE. */
export function rulesOf(sim: Sim): SpaprRules | null {
  return sim.state.platform.spapr;
}

/** PAGE_SHIFT of the host kernel (16 on the usual 64 KiB-page ppc64 kernels). */
export function kernelPageShift(sim: Sim): number {
  return ilog2(sim.state.platform.pageSize);
}

/**
 * How a window came to be, in the words of the PAPR/QEMU world: the platform's default 32-bit
 * window; a window created in slot 0 (QEMU re-creating the default window where the guest
 * expects it, VFIO_IOMMU_SPAPR_TCE_CREATE); or a dynamic DMA window (DDW, the second slot: the
 * guest's ibm,create-pe-dma-window).
 */
export function windowOrigin(w: TceWindow): 'default' | 'created' | 'DDW' {
  if (w.origin === 'default') return 'default';
  return w.slot === 0 ? 'created' : 'DDW';
}

/** The last bus address a window's table covers (it_offset + it_size, exclusive, minus one). */
export function windowLast(w: TceWindow): bigint {
  return w.start + w.size - 1n;
}

/** tce_iommu_find_table: the window whose entries contain `ioba >> it_page_shift`. */
export function findWindow(st: SpaprState, ioba: bigint): TceWindow | null {
  for (const w of st.windows) {
    if (!w) continue;
    // entry-based, exactly as the kernel compares: start <= ioba >> shift < start + it_size.
    const shift = BigInt(w.pageShift);
    const entry = ioba >> shift;
    const first = w.start >> shift;
    const count = w.size >> shift;
    if (first <= entry && entry < first + count) return w;
  }
  return null;
}

export function pagesLabel(n: bigint): string {
  return n === 1n ? '1 TCE' : `${n} TCEs`;
}
