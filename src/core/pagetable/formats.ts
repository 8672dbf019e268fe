// IO page-table formats, described as data for the page-table view, the occupancy counter
// (occupancy.ts) and the walk (walk.ts). Numbers and rules: kernel-semantics.md, part 2 §5
// "Page-table formats for the visualizer". Every description is a plain object (bigint for
// sizes), so it can cross the worker boundary as is.
//
// Level numbering is the reference's: level 1 is the last-level (PTE) table, level `levels`
// the root. A level-k table spans C_k = 2^spanShift bytes of IOVA; one of its entries spans
// C_{k-1} = 2^indexLo bytes (a leaf placed there has exactly that size, or, on AMD v1, a
// power of two between that and the next level's entry span, written as replicated PTEs).

import type { PageTableFormatName } from '../platform/presets';

export interface LevelSpec {
  /** 1 = last-level table; the root is `levels`. */
  readonly level: number;
  /** The name the hardware documentation uses for this level's entries. */
  readonly label: string;
  /** Lowest address bit that indexes this level (for TCE: bit of the window offset). */
  readonly indexLo: number;
  /** Index bits of one table at this level (the ARM pgd and a TCE top table can differ from bpl). */
  readonly indexBits: number;
  /** log2 of the IOVA span of one table at this level (C_k); may exceed 64 for a root. */
  readonly spanShift: number;
  readonly entries: bigint;
  /** Bytes of memory one table at this level occupies (as allocated). */
  readonly tableBytes: bigint;
}

/** A leaf page size the format can write, where it lives, and how many PTEs it takes. */
export interface LeafSpec {
  readonly size: bigint;
  readonly shift: number;
  readonly level: number;
  /** PTEs written per leaf: 1, except AMD v1 sizes between level boundaries (PAGE_SIZE_PTE_COUNT). */
  readonly ptes: bigint;
}

/** Geometry of one powernv TCE table (pnv_pci_ioda2_table_alloc_pages). */
export interface TceGeometry {
  readonly windowStart: bigint;
  readonly windowSize: bigint;
  readonly pageShift: number;
  readonly levels: number;
  readonly kernelPageShift: number;
  /** log2(window_size) - page_shift. */
  readonly entriesShift: number;
  /** max(ceil(entries_shift / levels) + 3, PAGE_SHIFT): log2 of the bytes of every level table. */
  readonly levelShift: number;
  /** it_level_size: TCEs per level table. */
  readonly levelSize: bigint;
  /** it_size: TCEs the table holds (a tiny window is rounded up to one kernel page of TCEs). */
  readonly itSize: bigint;
  /** pseries: the table is the hypervisor's (one level); its memory is not the guest's. */
  readonly hypervisor: boolean;
}

export type FormatKind = 'radix' | 'tce' | 'flat';

/** A preset's format name, or 'arm-lpae' for an ARM LPAE configuration no preset uses. */
export type FormatId = PageTableFormatName | 'arm-lpae';

export interface PageTableFormat {
  readonly name: FormatId;
  readonly kind: FormatKind;
  readonly title: string;
  /** Smallest page / table granule. */
  readonly granule: bigint;
  readonly entryBytes: bigint;
  readonly bitsPerLevel: number;
  /** Levels of a full table (AMD v1: the most it can grow to on this platform). */
  readonly levels: number;
  /** Levels at domain creation (AMD v1 starts at 3 and grows; everyone else = levels). */
  readonly initialLevels: number;
  /** byLevel[k - 1] describes level k. */
  readonly byLevel: readonly LevelSpec[];
  /** Ascending. */
  readonly leaves: readonly LeafSpec[];
  /** Highest address the full table translates (TCE: highest window offset). */
  readonly maxIova: bigint;
  readonly source: string;
  /** What this description simplifies, and what is unverified. */
  readonly notes: readonly string[];
  readonly tce?: TceGeometry;
}

const B = BigInt;
const pow2 = (n: number): bigint => 1n << B(n);

interface RadixSpec {
  name: FormatId;
  title: string;
  granuleShift: number;
  levels: number;
  initialLevels?: number;
  /** Index bits of the root (default bpl). */
  rootBits?: number;
  /** Bytes allocated for the root (default one table). */
  rootBytes?: bigint;
  leafShifts: readonly number[];
  labels: (k: number) => string;
  maxIova: bigint;
  source: string;
  notes: readonly string[];
  /** PTE replication for sizes between level boundaries (AMD v1). */
  replicated?: boolean;
}

function radix(s: RadixSpec): PageTableFormat {
  const bpl = s.granuleShift - 3;
  const byLevel: LevelSpec[] = [];
  for (let k = 1; k <= s.levels; k++) {
    const indexLo = s.granuleShift + bpl * (k - 1);
    const indexBits = k === s.levels && s.rootBits !== undefined ? s.rootBits : bpl;
    const tableBytes = k === s.levels && s.rootBytes !== undefined ? s.rootBytes : pow2(s.granuleShift);
    byLevel.push({ level: k, label: s.labels(k), indexLo, indexBits, spanShift: indexLo + indexBits, entries: pow2(indexBits), tableBytes });
  }
  const leaves = s.leafShifts.map((shift): LeafSpec => {
    const j = Math.floor((shift - s.granuleShift) / bpl);
    const rem = (shift - s.granuleShift) % bpl;
    if (rem !== 0 && !s.replicated) throw new RangeError(`leaf 2^${shift} is not a level size of ${s.name}`);
    return { size: pow2(shift), shift, level: j + 1, ptes: pow2(rem) };
  });
  return {
    name: s.name, kind: 'radix', title: s.title, granule: pow2(s.granuleShift), entryBytes: 8n, bitsPerLevel: bpl,
    levels: s.levels, initialLevels: s.initialLevels ?? s.levels, byLevel, leaves, maxIova: s.maxIova, source: s.source, notes: s.notes,
  };
}

// ---------------------------------------------------------------- Intel VT-d second stage

const VTD_LABELS = ['PTE', 'PDE', 'PDPE', 'PML4E', 'PML5E'];

/** VT-d second-stage table for agaw 2 (4-level, 48-bit) or 3 (5-level, 57-bit). */
export function vtdSecondStage(agaw: 2 | 3): PageTableFormat {
  const levels = agaw + 2; // agaw_to_level
  const width = 30 + 9 * agaw; // agaw_to_width
  return radix({
    name: agaw === 2 ? 'vtd-ss-4' : 'vtd-ss-5',
    title: `Intel VT-d second stage, ${levels}-level (${width}-bit)`,
    granuleShift: 12, levels, leafShifts: [12, 21, 30],
    labels: (k) => 'SL-' + VTD_LABELS[k - 1]!,
    maxIova: pow2(width) - 1n,
    source: 'drivers/iommu/intel/iommu.c: paging_domain_alloc, __domain_mapping; drivers/iommu/intel/pgtable.h',
    notes: [
      '2M and 1G leaves assume superpage capability bits 0 and 1 (cap_super_page_val); hardware without them maps 4K only.',
      'The root table is allocated with the domain ("always allocate the top pgd"), even when nothing is mapped.',
    ],
  });
}

// ---------------------------------------------------------------- AMD-Vi v1 host table

/** AMD_IOMMU_PGSIZES = GENMASK_ULL(51, 12) ^ SZ_512G, limited to what `maxLevels` levels can hold. */
function amdLeafShifts(maxLevels: number): number[] {
  const out: number[] = [];
  // A page of 2^s lives at PAGE_SIZE_LEVEL = (s - 12) / 9, which must be below the root's level.
  for (let s = 12; s <= 51; s++) if (s !== 39 && Math.floor((s - 12) / 9) < maxLevels) out.push(s);
  return out;
}

export function amdV1(maxLevels: 4 = 4): PageTableFormat {
  return radix({
    name: 'amd-v1-4',
    title: `AMD-Vi v1 host page table (3 levels, grows to ${maxLevels})`,
    granuleShift: 12, levels: maxLevels, initialLevels: 3, leafShifts: amdLeafShifts(maxLevels), replicated: true,
    labels: (k) => (k === 1 ? 'PTE' : `PDE L${k}`),
    maxIova: pow2(12 + 9 * maxLevels) - 1n, // PM_LEVEL_SIZE(amd_iommu_hpt_level)
    source: 'drivers/iommu/amd/io_pgtable.c: v1_alloc_pgtable, alloc_pte, increase_address_space; amd_iommu_types.h: PAGE_SIZE_PTE_COUNT',
    notes: [
      'The table starts at 3 levels (PAGE_MODE_3_LEVEL) and increase_address_space adds a root above the old one (entry 0 points at it) when an IOVA beyond 2^(12+9*mode) - 1 is mapped; it never shrinks. Occupancy and walk derive the mode from the highest IOVA mapped now.',
      'Page sizes between level boundaries are written as 2^((log2(size) - 12) % 9) replicated PTEs with Next Level = 7; they take no extra tables, so the model counts them as PTEs of their level.',
      'v6.18+ kernels build AMD tables with generic_pt (iommupt); that layout is not modelled separately (unverified that it matches).',
    ],
  });
}

// ---------------------------------------------------------------- ARM LPAE (io-pgtable-arm)

/** arm_lpae_init_pgtable + the stage-2 pgd concatenation of arm_64_lpae_alloc_pgtable_s2. */
export function armLpae(granuleShift: 12 | 14 | 16, ias: number, stage: 1 | 2, kernelPageSize = 4096n): PageTableFormat {
  const bpl = granuleShift - 3;
  const vaBits = ias - granuleShift;
  let levels = Math.ceil(vaBits / bpl);
  let pgdBits = vaBits - bpl * (levels - 1);
  let concatenated = false;
  // ARM_LPAE_S2_MAX_CONCAT_PAGES = 16: a stage-2 walk starting at level 0 with a pgd of at
  // most 16 entries starts one level lower with 2^pgd_bits concatenated granule pages instead.
  if (stage === 2 && levels === 4 && pow2(pgdBits) <= 16n) {
    levels -= 1;
    pgdBits += bpl;
    concatenated = true;
  }
  const pgdBytes = pow2(pgdBits) * 8n;
  const leafShifts = (granuleShift === 12 ? [12, 21, 30] : granuleShift === 14 ? [14, 25] : [16, 29])
    .filter((s) => Math.floor((s - granuleShift) / bpl) < levels);
  const name: FormatId = granuleShift === 12 && ias === 48 && stage === 1 ? 'arm-lpae-4k-48' : 'arm-lpae';
  return radix({
    name,
    title: `ARM LPAE stage ${stage}, ${Number(pow2(granuleShift) / 1024n)} KiB granule, ${ias}-bit IAS (${levels} levels${concatenated ? ', concatenated pgd' : ''})`,
    granuleShift, levels, rootBits: pgdBits,
    // __arm_lpae_alloc_pages allocates whole pages (get_order / iommu_alloc_pages_node_sz).
    rootBytes: pgdBytes > kernelPageSize ? pgdBytes : kernelPageSize,
    leafShifts, labels: (k) => `L${4 - k}`,
    maxIova: pow2(ias) - 1n,
    source: 'drivers/iommu/io-pgtable-arm.c: arm_lpae_init_pgtable, arm_64_lpae_alloc_pgtable_s1/_s2',
    notes: [
      `pgd: 2^${pgdBits} entries (${pgdBytes} bytes; allocated as at least one ${kernelPageSize}-byte page).`,
      ...(concatenated ? ['Stage 2: the pgd is a concatenation of granule pages (ARM_LPAE_S2_MAX_CONCAT_PAGES).'] : []),
      ...(granuleShift === 16 ? ['The 4T leaf of 52-bit output configurations is not modelled.'] : []),
    ],
  });
}

// ---------------------------------------------------------------- iommufd selftest mock

/** The mock domain stores its pfns in a software xarray keyed by iova / MOCK_IO_PAGE_SIZE. */
export function mockFormat(): PageTableFormat {
  return {
    name: 'mock', kind: 'flat', title: 'iommufd selftest mock domain (xarray of 2 KiB IO pages)',
    granule: 2048n, entryBytes: 8n, bitsPerLevel: 53, levels: 1, initialLevels: 1,
    byLevel: [{ level: 1, label: 'xarray slot', indexLo: 11, indexBits: 53, spanShift: 64, entries: pow2(53), tableBytes: 0n }],
    leaves: [{ size: 2048n, shift: 11, level: 1, ptes: 1n }],
    maxIova: pow2(64) - 1n,
    source: 'drivers/iommu/iommufd/selftest.c: mock_domain_map_pages (xa_store into mock->pfns), MOCK_IO_PAGE_SIZE = PAGE_SIZE / 2',
    notes: [
      'Modelled as one flat table of 2 KiB IO pages: the kernel keeps them in an xarray (a software radix tree), whose node memory is not modelled (0 bytes).',
      'Kernels from v6.18 moved the mock to a generic_pt table; this is the xarray mock of the 6.12 kernel the reference was confirmed on.',
    ],
  };
}

// ---------------------------------------------------------------- PPC TCE (powernv IODA2)

export interface TceShape {
  readonly start: bigint;
  readonly size: bigint;
  readonly pageShift: number;
  readonly levels: number;
}

export const POWERNV_IOMMU_MAX_LEVELS = 5;

/** Why pnv_pci_ioda2_table_alloc_pages would refuse this shape (-EINVAL), or null. */
export function tceShapeProblem(w: TceShape, kernelPageShift: number): string | null {
  if (w.levels < 1 || w.levels > POWERNV_IOMMU_MAX_LEVELS) return `levels ${w.levels} is not 1..${POWERNV_IOMMU_MAX_LEVELS}`;
  if (w.size <= 0n || (w.size & (w.size - 1n)) !== 0n) return `window size ${w.size.toString(16)} is not a power of two`;
  if (w.size < pow2(w.pageShift)) return 'window smaller than one TCE page';
  const g = tceDerived(w, kernelPageShift);
  if ((g.levelShift - 3) * w.levels + w.pageShift >= 55) {
    return `(level_shift ${g.levelShift} - 3) * levels ${w.levels} + page_shift ${w.pageShift} >= 55`;
  }
  return null;
}

function tceDerived(w: TceShape, kernelPageShift: number): { entriesShift: number; levelShift: number; tableShift: number } {
  const entriesShift = w.size.toString(2).length - 1 - w.pageShift;
  const perLevel = Math.ceil(entriesShift / w.levels);
  return {
    entriesShift,
    levelShift: Math.max(perLevel + 3, kernelPageShift),
    tableShift: Math.max(entriesShift + 3, kernelPageShift),
  };
}

/**
 * One window's TCE table as a radix format over the window offset (iova - start). Every
 * level table, the top one included, is 2^level_shift bytes; only the top one is allocated
 * at TCE_CREATE, the others on the first TCE written in their span (pnv_tce(..., alloc)).
 * pseries (`hypervisor`): one level, held by the hypervisor.
 */
export function tceFormat(w: TceShape, kernelPageShift: number, hypervisor = false): PageTableFormat {
  const problem = tceShapeProblem(w, kernelPageShift);
  if (problem) throw new RangeError('TCE table shape rejected by the kernel: ' + problem);
  const { entriesShift, levelShift, tableShift } = tceDerived(w, kernelPageShift);
  const bpl = levelShift - 3;
  const byLevel: LevelSpec[] = [];
  for (let k = 1; k <= w.levels; k++) {
    const indexLo = w.pageShift + bpl * (k - 1);
    // A one-level table is the whole it_size array; indirect levels hold it_level_size entries.
    const indexBits = w.levels === 1 ? tableShift - 3 : bpl;
    byLevel.push({
      level: k, label: k === 1 ? 'TCE' : 'indirect TCE', indexLo, indexBits, spanShift: indexLo + indexBits,
      entries: pow2(indexBits), tableBytes: hypervisor ? 0n : pow2(w.levels === 1 ? tableShift : levelShift),
    });
  }
  const tce: TceGeometry = {
    windowStart: w.start, windowSize: w.size, pageShift: w.pageShift, levels: w.levels, kernelPageShift,
    entriesShift, levelShift, levelSize: pow2(bpl), itSize: pow2(tableShift - 3), hypervisor,
  };
  return {
    name: 'ppc-tce', kind: 'tce',
    title: `${hypervisor ? 'PAPR (hypervisor-held)' : 'powernv IODA2'} TCE table: ${w.levels} level${w.levels > 1 ? 's' : ''}, ${pow2(w.pageShift) / 1024n} KiB TCEs`,
    granule: pow2(w.pageShift), entryBytes: 8n, bitsPerLevel: bpl, levels: w.levels, initialLevels: w.levels, byLevel,
    leaves: [{ size: pow2(w.pageShift), shift: w.pageShift, level: 1, ptes: 1n }],
    maxIova: w.size - 1n,
    source: hypervisor
      ? 'arch/powerpc/platforms/pseries/iommu.c: spapr_tce_create_table (one level, H_PUT_TCE into the hypervisor table)'
      : 'arch/powerpc/platforms/powernv/pci-ioda-tce.c: pnv_pci_ioda2_table_alloc_pages, pnv_tce',
    notes: [
      `entries_shift ${entriesShift}, level_shift max(ceil(${entriesShift}/${w.levels}) + 3, PAGE_SHIFT ${kernelPageShift}) = ${levelShift}: ${pow2(bpl)} TCEs (${pow2(levelShift)} bytes) per level table.`,
      'Only the top table exists at TCE_CREATE; lower tables are allocated on the first TCE written in their span and kept until the window is removed.',
      ...(hypervisor ? ['The table lives in the hypervisor; the guest kernel holds no table memory for it (0 bytes here).'] : [
        'VFIO also keeps a userspace-view table of the same shape (it_userspace), doubling the memory; not counted here.',
      ]),
    ],
    tce,
  };
}

/**
 * What TCE_CREATE charges to locked_vm: pnv_pci_ioda2_get_table_size (the full tree at
 * every level) times 2 (hardware table + userspace view). null when it returns 0 (-EINVAL).
 * The kernel also returns 0 when window_size > memory_hotplug_max(); the caller checks that.
 */
export function tceCreateChargeBytes(pageShift: number, windowSize: bigint, levels: number, kernelPageShift: number): bigint | null {
  if (levels < 1 || levels > POWERNV_IOMMU_MAX_LEVELS || windowSize <= 0n || (windowSize & (windowSize - 1n)) !== 0n) return null;
  const entriesShift = windowSize.toString(2).length - 1 - pageShift;
  if (entriesShift < 0) return null;
  let tceTableSize = pow2(Math.max(entriesShift + 3, 12)); // max(0x1000UL, 1UL << table_shift)
  const direct = pow2(Math.max(Math.ceil(entriesShift / levels) + 3, kernelPageShift));
  const alignUpTo = (x: bigint, a: bigint): bigint => ((x + a - 1n) / a) * a;
  let bytes = 0n;
  for (let l = levels; l > 0; l--) {
    bytes += alignUpTo(tceTableSize, direct);
    tceTableSize = alignUpTo((tceTableSize / direct) * 8n, direct);
  }
  return bytes * 2n;
}

// ---------------------------------------------------------------- lookup

export type FixedFormatName = Exclude<PageTableFormatName, 'ppc-tce'>;

/** The format of a platform preset's paging domain (PPC windows use tceFormat instead). */
export function pageTableFormat(name: FixedFormatName): PageTableFormat {
  switch (name) {
    case 'vtd-ss-4': return vtdSecondStage(2);
    case 'vtd-ss-5': return vtdSecondStage(3);
    case 'amd-v1-4': return amdV1(4);
    case 'arm-lpae-4k-48': return armLpae(12, 48, 1);
    case 'mock': return mockFormat();
    default: {
      const never: never = name;
      throw new RangeError(`unknown page-table format ${String(never)}`);
    }
  }
}
