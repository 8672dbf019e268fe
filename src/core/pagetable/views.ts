// Glue between the simulator's state and the page-table model, for the explorer's views:
// which format a platform's domain (or a sPAPR window) uses, and the state's interval maps
// seen as mapped ranges. An IOAS's `areas` map is already a MappedLookup (its values carry
// `userVa`); type1 dmas and TCE runs carry `vaddr` and go through dmaLookup / dmaRanges.

import type { IntervalMap } from '../intervals';
import type { Platform, PageTableFormatName } from '../platform/presets';
import type { Dma, TceWindow } from '../sim/state';
import type { FixedFormatName, PageTableFormat } from './formats';
import { pageTableFormat, tceFormat } from './formats';
import type { MappedRange } from './occupancy';
import type { MappedLookup } from './walk';

const FIXED: readonly FixedFormatName[] = ['vtd-ss-4', 'vtd-ss-5', 'amd-v1-4', 'arm-lpae-4k-48', 'mock'];

/** The format named by a preset or a HWPT (`HwptObject.format`); null for 'ppc-tce' or an unknown name. */
export function formatNamed(name: string): PageTableFormat | null {
  return (FIXED as readonly string[]).includes(name) ? pageTableFormat(name as FixedFormatName) : null;
}

/** The format of the platform's paging domains; null on PPC (windows instead, see windowFormat). */
export function domainFormat(platform: Platform): PageTableFormat | null {
  const name: PageTableFormatName | undefined = platform.domain?.format;
  return name ? formatNamed(name) : null;
}

/** log2 of the platform's PAGE_SIZE. */
export function kernelPageShift(platform: Platform): number {
  return platform.pageSize.toString(2).length - 1;
}

/** A sPAPR window's TCE table; pseries tables are the hypervisor's. */
export function windowFormat(platform: Platform, w: TceWindow): PageTableFormat {
  const hypervisor = platform.spapr?.ddwAddress === 'hypervisor';
  return tceFormat({ start: w.start, size: w.size, pageShift: w.pageShift, levels: w.levels }, kernelPageShift(platform), hypervisor);
}

const asRange = (d: Dma | undefined): MappedRange | undefined => (d ? { first: d.first, last: d.last, userVa: d.vaddr } : undefined);

/** type1 dmas or TCE runs (user address in `vaddr`) as a MappedLookup. */
export function dmaLookup(map: IntervalMap<Dma>): MappedLookup {
  return {
    containing: (x) => asRange(map.containing(x)),
    firstIntersecting: (a, b) => asRange(map.firstIntersecting(a, b)),
    lastIntersecting: (a, b) => asRange(map.lastIntersecting(a, b)),
  };
}

/** type1 dmas or TCE runs as mapped ranges, ascending. */
export function* dmaRanges(map: IntervalMap<Dma>): Generator<MappedRange> {
  for (const d of map.values()) yield { first: d.first, last: d.last, userVa: d.vaddr };
}
