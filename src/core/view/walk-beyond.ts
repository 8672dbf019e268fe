// Walks in the address spaces beyond VFIO:
//   - a KVM LIOBN table: the guest window's TCE table (PAPR: one level, the guest's page size),
//     translating to the user address KVM derives from the TCE's guest address;
//   - a vDPA ASID: no page table (the vhost IOTLB is an interval tree, and the parent's
//     translation is its own business), so the answer is the flat lookup, in words;
//   - an SVA PASID: the CPU page table (mm->pgd), not modelled, so the answer says what the
//     SVA model decides for the address;
//   - a PASID with an iommufd HWPT: that HWPT's walk (walk.ts does it with the HWPT's id).

import { guestWindow } from '../kvm/tce-table';
import type { SpaprTceTable } from '../kvm/types';
import { occupancy } from '../pagetable/occupancy';
import type { MappedRange } from '../pagetable/occupancy';
import type { MappedLookup } from '../pagetable/walk';
import { walkTce } from '../pagetable/walk';
import { tceFormat, tceShapeProblem } from '../pagetable/formats';
import { kernelPageShift } from '../pagetable/views';
import type { Sim } from '../sim/sim';
import type { MmState } from '../sva/types';
import { SELF } from '../sva/types';
import type { u64 } from '../u64';
import { hex } from '../u64';
import { PARENTS } from '../vhost/parents';
import type { VdpaDevice } from '../vhost/types';
import { tcePieces } from './spaces-kvm';
import { SVA_TASK_SIZE } from './spaces-sva';
import { span } from './text';
import type { PageWalkResult } from './types';
import { iotlbOf, xlateOf } from './vdpa-xlate';

const none = (space: string, iova: u64, why: string): PageWalkResult => ({ space, iova, walk: null, occupancy: null, why });

/** Sorted, disjoint ranges as a MappedLookup (binary search). */
function sortedLookup(ranges: readonly MappedRange[]): MappedLookup {
  const firstAtOrAfter = (x: bigint): number => {
    let lo = 0;
    let hi = ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid]!.last < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    containing: (x) => {
      const r = ranges[firstAtOrAfter(x)];
      return r && r.first <= x ? r : undefined;
    },
    firstIntersecting: (a, b) => {
      const r = ranges[firstAtOrAfter(a)];
      return r && r.first <= b ? r : undefined;
    },
    lastIntersecting: (a, b) => {
      for (let i = firstAtOrAfter(b + 1n) - 1; i >= 0; i--) {
        const r = ranges[i]!;
        if (r.last < a) return undefined;
        if (r.first <= b) return r;
      }
      return undefined;
    },
  };
}

/** The walk in a LIOBN table that exists (walk.ts says when it does not). */
export function liobnWalk(sim: Sim, space: string, t: SpaprTceTable, iova: u64): PageWalkResult {
  const g = guestWindow(t);
  const shape = { start: g.start, size: g.bytes, pageShift: t.pageShift, levels: 1 };
  const kps = kernelPageShift(sim.state.platform);
  const problem = g.bytes === 0n ? 'the window wraps past 64 bits' : tceShapeProblem(shape, kps);
  if (problem) {
    return none(space, iova, `the page-table model draws TCE tables of powernv's shapes only (${problem}); ` +
      `KVM keeps this guest window's TCEs as a flat array of pages (stt->pages): the map lists them`);
  }
  // The user address KVM derives from each TCE (kvmppc_tce_to_ua); a TCE whose guest address is
  // in no memory slot translates to nothing (its gpa is in the range's label on the map).
  const ranges: MappedRange[] = tcePieces(sim, t).filter((p) => p.ua !== null).map((p) => ({ first: p.first, last: p.last, userVa: p.ua! }));
  const view = { slot: 0, start: g.start, size: g.bytes, pageShift: t.pageShift, levels: 1, mapped: sortedLookup(ranges) };
  // The table is KVM's own (the guest's PAPR TCE table): one level, held by the hypervisor.
  const w = walkTce([view], iova, kps, true);
  return { space, iova, walk: w, occupancy: occupancy(tceFormat(shape, kps, true), ranges) };
}

/** The walk in an ASID of a vDPA device that exists (walk.ts says when it does not). */
export function asidWalk(space: string, dev: VdpaDevice, asid: number, iova: u64): PageWalkResult {
  if (asid >= PARENTS[dev.parent].nas) return none(space, iova, `${dev.id} has no ASID ${asid}`);
  const e = iotlbOf(dev, asid).containing(iova);
  const inIotlb = e
    ? `the vhost IOTLB maps it: entry ${span(e.first, e.last)} -> uaddr ${hex(e.uaddr + (iova - e.first))} (${e.perm})`
    : 'the vhost IOTLB has no entry for it';
  const x = xlateOf(dev, asid);
  let byDevice: string;
  switch (x.kind) {
    case 'identity': byDevice = `the device translates it as identity: its DMA goes to address ${hex(iova)}`; break;
    case 'none': byDevice = `the device translates nothing on this ASID (${x.why})`; break;
    case 'map': {
      const d = x.map.containing(iova);
      byDevice = d ? `the device's own map sends it to uaddr ${hex(d.uaddr + (iova - d.first))} (entry ${span(d.first, d.last)})` : 'the device\'s own map has no entry for it: its DMA faults';
      break;
    }
    default: {
      const never: never = x;
      return never;
    }
  }
  return none(space, iova,
    `a vhost IOTLB is an interval tree (struct vhost_iotlb), not a page table, and the parent's translation is its own: IOVA ${hex(iova)}: ${inIotlb}; ${byDevice}`);
}

/** The walk in an mm that exists (walk.ts says when it does not). */
export function svaWalk(sim: Sim, space: string, mm: MmState, iova: u64): PageWalkResult {
  const mapped = mm.alive && iova < SVA_TASK_SIZE && (mm.process !== SELF || sim.userRangeMapped(iova, 1n));
  const what = mapped
    ? `${hex(iova)} is mapped there (SVA: the device uses the CPU virtual address as is)`
    : `${hex(iova)} is not mapped there: with PRI the device sends a page request`;
  return none(space, iova,
    `an SVA PASID's first-level entry points at ${mm.process}'s CPU page table (mm->pgd), which is not modelled; ${what}`);
}
