// What the view says about the walked table's format: name, levels, granule, leaf sizes,
// the kernel source it follows. Fixed formats come from core (formatNamed); a TCE table's
// shape is the window's, read back from the walk (its steps carry the index bits).

import type { PageTableFormat } from '../../core/pagetable/formats';
import type { Occupancy } from '../../core/pagetable/occupancy';
import { formatNamed } from '../../core/pagetable/views';
import type { Walk } from '../../core/pagetable/walk';
import type { LevelBits } from './bits';
import { exactSize } from './text';

export interface FormatInfo {
  readonly title: string;
  /** "4 levels", "3 of up to 4 levels" (AMD v1 grows). */
  readonly levels: string;
  readonly granule: bigint | null;
  /** Leaf sizes in words: "4 KiB, 2 MiB, 1 GiB". */
  readonly leaves: string;
  readonly source: string | null;
  readonly notes: readonly string[];
}

/** The core's description of a fixed format; null for TCE windows and unknown names. */
export function fixedFormat(walk: Walk): PageTableFormat | null {
  return walk.kind === 'tce' ? null : formatNamed(walk.format);
}

/**
 * Leaf sizes, compressed when there are many (AMD v1 writes every power of two from 4 KiB up,
 * but 512 GiB): "every power of two from 4 KiB to 2 PiB except 512 GiB".
 */
export function leafSizesText(sizes: readonly bigint[]): string {
  if (sizes.length <= 4) return sizes.map(exactSize).join(', ');
  const first = sizes[0]!;
  const last = sizes[sizes.length - 1]!;
  const have = new Set(sizes);
  const missing: bigint[] = [];
  for (let s = first; s <= last; s *= 2n) if (!have.has(s)) missing.push(s);
  const pow2 = sizes.every((s) => (s & (s - 1n)) === 0n);
  if (!pow2 || missing.length > 3) return sizes.map(exactSize).join(', ');
  const tail = missing.length ? ` except ${missing.map(exactSize).join(', ')}` : '';
  return `every power of two from ${exactSize(first)} to ${exactSize(last)}${tail}`;
}

const levelsWord = (n: number): string => `${n} level${n === 1 ? '' : 's'}`;

export function formatInfo(walk: Walk, format: PageTableFormat | null, layout: readonly LevelBits[], occ: Occupancy | null): FormatInfo {
  if (walk.kind === 'tce' && walk.levels === 0) {
    return { title: 'sPAPR TCE tables: no DMA window holds this bus address', levels: '', granule: null, leaves: '', source: null, notes: [] };
  }
  if (walk.kind === 'tce') {
    const bottom = layout[layout.length - 1];
    const page = bottom ? 1n << BigInt(bottom.lo) : null;
    // A pseries table lives in the hypervisor: occupancy counts 0 bytes of guest memory for it.
    const hypervisor = occ !== null && occ.perLevel.length > 0 && occ.perLevel.every((l) => l.tableBytes === 0n);
    return {
      title: `${hypervisor ? 'PAPR (hypervisor-held)' : 'powernv IODA2'} TCE table${page ? `, ${exactSize(page)} TCE pages` : ''}`,
      levels: levelsWord(walk.levels),
      granule: page,
      leaves: page ? `${exactSize(page)} (one TCE page size per window)` : '—',
      source: hypervisor
        ? 'arch/powerpc/platforms/pseries/iommu.c: spapr_tce_create_table'
        : 'arch/powerpc/platforms/powernv/pci-ioda-tce.c: pnv_pci_ioda2_table_alloc_pages, pnv_tce',
      notes: [],
    };
  }
  if (!format) {
    return { title: walk.format, levels: levelsWord(walk.levels), granule: null, leaves: '—', source: null, notes: [] };
  }
  return {
    title: format.title,
    levels: walk.levels === format.levels ? levelsWord(walk.levels) : `${walk.levels} of up to ${format.levels} levels`,
    granule: format.granule,
    leaves: leafSizesText(format.leaves.map((l) => l.size)),
    source: format.source,
    notes: format.notes,
  };
}
