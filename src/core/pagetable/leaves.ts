// Which leaf sizes the kernel writes for a mapped range, computed in closed form.
//
// __iommu_map splits a physically contiguous run with iommu_pgsize(): at each step the
// largest supported page size to which both the IOVA and the physical address are aligned
// and which fits in what is left. For nested power-of-two sizes that greedy choice yields
// ascending sizes up to the largest one that fits aligned (head), a body of that size, and
// descending sizes (tail): at most 2 * (sizes - 1) + 1 runs, whatever the range's length.
//
// The simulator does not know physical addresses. It takes the user VA as the stand-in for
// the physical alignment and a `maxLeaf` (the size of the physically contiguous backing
// pages: PAGE_SIZE for ordinary memory, 2 MiB / 1 GiB when the user says hugepages):
// within one backing page VA and PA agree in their low bits, across pages nothing is known,
// so no leaf is larger than maxLeaf, nor larger than the lowest set bit of (iova - va).

import type { LeafSpec, PageTableFormat } from './formats';

/** `count` consecutive leaves of `size` bytes starting at IOVA `first`. */
export interface LeafRun {
  readonly first: bigint;
  readonly size: bigint;
  readonly count: bigint;
  readonly leaf: LeafSpec;
}

/** How leaves are chosen (see the file comment). */
export interface LeafPolicy {
  /** Size of the physically contiguous backing pages; default: the format's default (PAGE_SIZE). */
  readonly maxLeaf?: bigint;
  /** The domain's pgsize_bitmap, when narrower than the format (e.g. no superpage capability). */
  readonly pgsizeBitmap?: bigint;
}

export const DEFAULT_MAX_LEAF = 4096n;

export const LEAF_ASSUMPTION =
  'Leaf sizes follow iommu_pgsize() (largest page size aligned in IOVA and physical address that fits). Physical addresses are unknown: ' +
  'the user VA stands in for the physical alignment, and no leaf exceeds maxLeaf, the size of the physically contiguous backing pages ' +
  '(PAGE_SIZE unless the memory is said to be hugepage-backed). Each range is assumed to be mapped by one iommu_map per contiguous run.';

const alignUp = (x: bigint, a: bigint): bigint => ((x + a - 1n) / a) * a;
const alignDown = (x: bigint, a: bigint): bigint => (x / a) * a;
const lowestBit = (x: bigint): bigint => x & -x;

/** The leaf sizes usable for a range whose IOVA is `iova` and user VA `va`, ascending. */
export function usableLeaves(format: PageTableFormat, policy: LeafPolicy, iova: bigint, va: bigint): readonly LeafSpec[] {
  if (format.kind === 'tce') return format.leaves; // one TCE page size per window, fixed at TCE_CREATE
  const maxLeaf = policy.maxLeaf ?? DEFAULT_MAX_LEAF;
  // Both addresses advance together, so their difference bounds the common alignment.
  const d = (iova - va) % maxLeaf;
  const cap = d === 0n ? maxLeaf : lowestBit(d < 0n ? d + maxLeaf : d);
  const out = format.leaves.filter((l) => l.size <= cap && (policy.pgsizeBitmap === undefined || (policy.pgsizeBitmap & l.size) !== 0n));
  // The smallest page is always usable: mappings are aligned to it (iova_alignment, type1 pgsize).
  return out.length > 0 ? out : [format.leaves[0]!];
}

/**
 * Greedy decomposition of [first, end) (end exclusive, may be 2^64) into leaves of the given
 * ascending power-of-two sizes; first and end are multiples of the smallest size.
 */
export function leafRuns(first: bigint, end: bigint, sizes: readonly LeafSpec[]): LeafRun[] {
  const runs: LeafRun[] = [];
  if (end <= first || sizes.length === 0) return runs;
  // The largest size with at least one aligned block inside the range.
  let j = sizes.length - 1;
  while (j > 0 && alignUp(first, sizes[j]!.size) + sizes[j]!.size > end) j--;
  let x = first;
  for (let i = 0; i < j; i++) {
    const s = sizes[i]!;
    const next = alignUp(x, sizes[i + 1]!.size);
    if (next > x) runs.push({ first: x, size: s.size, count: (next - x) / s.size, leaf: s });
    x = next;
  }
  const top = sizes[j]!;
  const bodyEnd = alignDown(end, top.size);
  if (bodyEnd > x) {
    runs.push({ first: x, size: top.size, count: (bodyEnd - x) / top.size, leaf: top });
    x = bodyEnd;
  }
  for (let i = j - 1; i >= 0; i--) {
    const s = sizes[i]!;
    const stop = alignDown(end, s.size);
    if (stop > x) {
      runs.push({ first: x, size: s.size, count: (stop - x) / s.size, leaf: s });
      x = stop;
    }
  }
  return runs;
}

/** The leaf holding `x` among `runs`, with its base IOVA. */
export function leafAt(runs: readonly LeafRun[], x: bigint): { run: LeafRun; base: bigint } | undefined {
  for (const run of runs) {
    const end = run.first + run.size * run.count;
    if (x >= run.first && x < end) return { run, base: run.first + ((x - run.first) / run.size) * run.size };
  }
  return undefined;
}
