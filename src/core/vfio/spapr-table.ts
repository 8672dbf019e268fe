// TCE table shapes: which (page_shift, window_size, levels) a platform accepts, where the
// window lands, and how big its table really is. powernv follows pnv_pci_ioda2_get_table_size
// and pnv_pci_ioda2_table_alloc_pages, including their `unsigned int` arithmetic; pseries
// follows spapr_tce_create_table (DDW through RTAS, as QEMU answers it).

import type { StepFail } from '../errno';
import { fail } from '../errno';
import type { SpaprRules } from '../platform/presets';
import type { SpaprState } from '../sim/state';
import { hex, isPow2 } from '../u64';
import { DEFAULT_WINDOW_PAGE_SHIFT, ilog2, shl64, SRC, u32 } from './spapr-common';

export interface TableShape {
  readonly ok: true;
  readonly start: bigint;
  /** it_size << page_shift: what the kernel (and the TVE) really covers. */
  readonly size: bigint;
  readonly levels: number;
  readonly levelShift: number;
  readonly tableBytes: bigint;
  /** Set when the kernel's size differs from the request (said in the step's note). */
  readonly note?: string;
}

export interface ShapeRequest {
  readonly slot: number;
  readonly pageShift: number;
  readonly windowSize: bigint;
  readonly levels: number;
  /** PAGE_SHIFT of the host kernel. */
  readonly kernelPageShift: number;
}

/** ops->get_table_size then ops->create_table for the platform; null rules = no table group. */
export function shapeTable(rules: SpaprRules, st: SpaprState, req: ShapeRequest): TableShape | StepFail {
  return rules.ddwAddress === 'fixed-slots' ? powernvShape(rules, req) : pseriesShape(rules, st, req);
}

// ------------------------------------------------------------------ powernv (IODA2)

function powernvShape(rules: SpaprRules, req: ShapeRequest): TableShape | StepFail {
  const { pageShift, windowSize, levels, kernelPageShift } = req;
  // pnv_pci_ioda2_get_table_size returns 0 for these, and tce_iommu_create_table turns 0 into EINVAL.
  if (levels === 0 || levels > rules.maxLevels) {
    return fail('EINVAL', `levels ${levels} is outside 1..${rules.maxLevels} (POWERNV_IOMMU_MAX_LEVELS)`, SRC.pnvTableSize);
  }
  if (!isPow2(windowSize)) {
    return fail('EINVAL', `window_size ${hex(windowSize)} is not a power of two`, SRC.pnvTableSize);
  }
  const windowShift = ilog2(windowSize);
  // `unsigned int entries_shift = window_shift - page_shift;` wraps for a window smaller than a
  // page; the kernel then goes on with the wrapped value (unverified on a real kernel).
  const entriesShift = u32(windowShift - pageShift);
  const tableShift = Math.max(u32(entriesShift + 3), kernelPageShift);
  const tceTableSize = shl64(1n, tableShift);
  const perLevel = Math.floor(u32(entriesShift + levels - 1) / levels);
  const levelShift = Math.max(u32(perLevel + 3), kernelPageShift);
  const bits = (levelShift - 3) * levels + pageShift;
  if (bits >= 55) {
    return fail(
      'EINVAL',
      `table shape: (level_shift ${levelShift} - 3) * levels ${levels} + page_shift ${pageShift} = ${bits}, not below 55 ` +
        `(level tables are at least one ${1 << (kernelPageShift - 10)} KiB kernel page)`,
      SRC.pnvAlloc,
    );
  }
  const start = req.slot === 0 ? rules.tce32Start : rules.window1Start;
  // pnv_pci_setup_iommu_table: it_size = tce_table_size >> 3, so the table never holds fewer
  // TCEs than one kernel page of them (derived from the code, unverified on a real kernel).
  const size = (tceTableSize >> 3n) << BigInt(pageShift);
  if (size === 0n) {
    // Only reachable through the wrapped arithmetic above (a window 16+ times smaller than a
    // page with 5 levels): the table would have it_size 0. What OPAL then does is unknown.
    return fail('EINVAL', `window_size ${hex(windowSize)} gives a TCE table of 0 entries (unverified)`, SRC.pnvAlloc);
  }
  const note = size !== windowSize
    ? `the kernel's table covers ${hex(size)} bytes, not the ${hex(windowSize)} asked for: a TCE table is at least one kernel page ` +
      `(pnv_pci_setup_iommu_table: it_size = tce_table_size >> 3; derived from the code, unverified)`
    : undefined;
  const tableBytes = pnvGetTableSize(pageShift, windowShift, levels, kernelPageShift);
  return note ? { ok: true, start, size, levels, levelShift, tableBytes, note } : { ok: true, start, size, levels, levelShift, tableBytes };
}

/**
 * pnv_pci_ioda2_get_table_size: bytes charged to locked_vm (hardware table + userspace view),
 * for display only. Returns 0 where the C code would divide by zero.
 */
function pnvGetTableSize(pageShift: number, windowShift: number, levels: number, kernelPageShift: number): bigint {
  let entriesShift = u32(windowShift - pageShift);
  let tceTableSize = shl64(1n, u32(entriesShift + 3));
  if (tceTableSize < 0x1000n) tceTableSize = 0x1000n;
  entriesShift = Math.floor(u32(entriesShift + levels - 1) / levels);
  const direct = shl64(1n, Math.max(u32(entriesShift + 3), kernelPageShift));
  if (direct === 0n) return 0n;
  let bytes = 0n;
  for (let l = levels; l > 0; l--) {
    bytes += ((tceTableSize + direct - 1n) / direct) * direct;
    tceTableSize = (tceTableSize / direct) << 3n;
    if (tceTableSize < direct) tceTableSize = direct;
  }
  return (bytes * 2n) & ((1n << 64n) - 1n);
}

// ------------------------------------------------------------------ pseries (PAPR DDW)

function pseriesShape(rules: SpaprRules, st: SpaprState, req: ShapeRequest): TableShape | StepFail {
  const { pageShift, windowSize, levels, slot } = req;
  // spapr_tce_get_table_size: levels > 1 gives ~0U (not 0), otherwise window_size >> (page_shift - 3).
  if (levels <= 1 && windowSize >> BigInt(pageShift - 3) === 0n) {
    return fail('EINVAL', `window_size ${hex(windowSize)} needs less than one TCE (get_table_size is 0)`, SRC.createTable);
  }
  if (!isPow2(windowSize) || levels > 1) {
    return fail('EINVAL', levels > 1
      ? `levels ${levels}: pseries tables are single-level (the hypervisor owns them; unverified)`
      : `window_size ${hex(windowSize)} is not a power of two`, SRC.pseriesCreate);
  }
  const ddwPresent = st.windows[1] !== null && st.windows[1] !== undefined;
  const tableBytes = windowSize >> BigInt(pageShift - 3);
  const levelShift = ilog2(tableBytes);
  if (slot === 0) {
    const isDefault = windowSize <= rules.tce32Size && pageShift === DEFAULT_WINDOW_PAGE_SHIFT;
    if (ddwPresent) {
      return fail('EPERM', isDefault
        ? 'pseries: recreating window #0 (RTAS reset-pe-dma-window) would destroy the existing 64-bit window (unverified)'
        : 'pseries: a 64-bit window is already present (unverified)', SRC.pseriesCreate);
    }
    // The default window is restored from the device tree (ibm,dma-window) at its own offset.
    if (isDefault) return { ok: true, start: rules.tce32Start, size: windowSize, levels: 1, levelShift, tableBytes };
  }
  if (windowSize < 1n << BigInt(pageShift)) {
    // QEMU's ibm,create-pe-dma-window answers PARAM_ERROR when window_shift < page_shift and
    // the kernel returns the -ENODEV it had preset (unverified: read from code, not observed).
    return fail('ENODEV', `RTAS ibm,create-pe-dma-window refused window_shift < page_shift (unverified)`, SRC.pseriesCreate);
  }
  // The hypervisor picks the address; QEMU gives dma_win_addr (0) when no window is active and
  // dma64_win_addr (1<<59) otherwise (hw/ppc/spapr_rtas_ddw.c).
  const active = st.windows.some((w) => w !== null);
  const start = active ? rules.window1Start : rules.tce32Start;
  return { ok: true, start, size: windowSize, levels: 1, levelShift, tableBytes };
}
