// The page-table walk of one IOVA in a space, for the page-table view: the platform's domain
// format for a type1 container or a HWPT (VT-d, AMD v1, ARM LPAE, the selftest mock), the
// window's TCE table for a sPAPR container, and beyond VFIO (walk-beyond.ts) a KVM LIOBN table's
// guest TCEs and a PASID's HWPT. Spaces without a page table (a bare IOAS, the process, a vhost
// IOTLB, an SVA PASID's CPU page table) get a null walk and the reason.

import { beyond } from '../beyond/registry';
import { occupancy } from '../pagetable/occupancy';
import type { Occupancy } from '../pagetable/occupancy';
import { dmaLookup, dmaRanges, domainFormat, formatNamed, kernelPageShift, windowFormat } from '../pagetable/views';
import type { TceWindowView } from '../pagetable/walk';
import { walk, walkTce } from '../pagetable/walk';
import type { Sim } from '../sim/sim';
import { pasidTable } from '../sva/table';
import type { SpaprState, TceWindow, Type1State } from '../sim/state';
import type { u64 } from '../u64';
import { U64_MAX } from '../u64';
import { windowLast } from '../vfio/spapr-common';
import { parseSpaceId, spaceId } from './ids';
import { windowLabel } from './spaces';
import type { PageWalkResult } from './types';

const none = (space: string, iova: u64, why: string): PageWalkResult => ({ space, iova, walk: null, occupancy: null, why });

function type1Walk(sim: Sim, space: string, st: Type1State, iova: u64): PageWalkResult {
  const format = domainFormat(sim.state.platform);
  const d = st.domains[0];
  if (!format) return none(space, iova, `${sim.state.platform.name} has no paging-domain format to walk`);
  if (!d) return none(space, iova, 'no group is attached, so the container has no domain (no page table) yet');
  // Every domain of a container maps the same dmas (vfio_iommu_replay); one platform, one format.
  const policy = { pgsizeBitmap: d.pgsizeBitmap };
  const w = walk(format, dmaLookup(st.dmas), iova, { ...policy, aperture: { start: d.apertureStart, end: d.apertureEnd } });
  return { space, iova, walk: w, occupancy: occupancy(format, dmaRanges(st.dmas), policy) };
}

function windowView(w: TceWindow): TceWindowView {
  return { slot: w.slot, start: w.start, size: w.size, pageShift: w.pageShift, levels: w.levels, mapped: dmaLookup(w.tces) };
}

function spaprWalk(sim: Sim, space: string, st: SpaprState, iova: u64): PageWalkResult {
  const ws = st.windows.filter((w): w is TceWindow => w !== null).sort((a, b) => (a.start < b.start ? -1 : 1));
  if (ws.length === 0) {
    return none(space, iova, st.defWindowPending
      ? 'no TCE table yet: the default window is pending (the first MAP, UNMAP or TCE_CREATE creates it)'
      : 'the container has no DMA window');
  }
  const hypervisor = sim.state.platform.spapr?.ddwAddress === 'hypervisor';
  const w = walkTce(ws.map(windowView), iova, kernelPageShift(sim.state.platform), hypervisor);
  // One table per window; TCEs written past a table's end (the MAP_DMA bug) are noted, not counted.
  const tables = ws.map((x) => ({ label: windowLabel(x), occupancy: occupancy(windowFormat(sim.state.platform, x), dmaRanges(x.tces)) }));
  const hit = ws.findIndex((x) => iova >= x.start && iova <= windowLast(x));
  const occ: Occupancy = tables[hit >= 0 ? hit : 0]!.occupancy;
  return { space, iova, walk: w, occupancy: occ, tables };
}

function pasidHwpt(sim: Sim, device: string, pasid: number): { ictx: number; hwpt: number } | null {
  const e = pasidTable(sim, device).find((x) => x.pasid === pasid);
  return e && e.ictx !== undefined && e.hwpt !== undefined ? { ictx: e.ictx, hwpt: e.hwpt } : null;
}

/**
 * The walk of `iova` in the space with id `space` in this state. Never throws: a table shape
 * the page-table model refuses (it mirrors the kernel's own refusals, so only a simulator bug
 * gets here) comes back as a null walk saying so.
 */
export function walkSpace(sim: Sim, space: string, iova: u64): PageWalkResult {
  try {
    return walkIn(sim, space, iova);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return none(space, iova, `the page-table model cannot describe this table: ${e.message}`);
  }
}

function walkIn(sim: Sim, space: string, iova: u64): PageWalkResult {
  if (iova < 0n || iova > U64_MAX) return none(space, iova, 'not a 64-bit address');
  const ref = parseSpaceId(space);
  if (!ref) return none(space, iova, `"${space}" is not an address space id`);
  switch (ref.kind) {
    case 'container': {
      const c = sim.state.containers.get(ref.id);
      const iommu = c?.iommu;
      if (!c) return none(space, iova, `container ${ref.id} does not exist at this step`);
      if (!iommu) return none(space, iova, `container ${ref.id} has no IOMMU backend at this step (none set, or released when its last group left)`);
      switch (iommu.kind) {
        case 'type1': return type1Walk(sim, space, iommu, iova);
        case 'spapr': return spaprWalk(sim, space, iommu, iova);
        default: {
          const never: never = iommu;
          return never;
        }
      }
    }
    case 'hwpt': {
      const ctx = sim.state.ictxs.get(ref.ictx);
      const h = ctx?.objects.get(ref.id);
      if (!ctx || h?.kind !== 'hwpt_paging') return none(space, iova, `HWPT ${ref.id} does not exist at this step`);
      const ioas = ctx.objects.get(h.ioas);
      const format = formatNamed(h.format);
      if (!format) return none(space, iova, `no page-table model for format ${h.format}`);
      if (ioas?.kind !== 'ioas') return none(space, iova, `IOAS ${h.ioas} of HWPT ${h.id} does not exist`);
      // The IOAS's areas are what the domain maps (iopt_table_add_domain fills it from them).
      const policy = { pgsizeBitmap: h.pgsizeBitmap };
      const w = walk(format, ioas.areas, iova, { ...policy, aperture: { start: h.apertureStart, end: h.apertureEnd } });
      return { space, iova, walk: w, occupancy: occupancy(format, ioas.areas.values(), policy) };
    }
    case 'ioas':
      return none(space, iova,
        'an IOAS is iommufd\'s software map of IOVA to user memory (iopt areas), with no hardware page table of its own; ' +
        'walk one of the HWPTs (domains) attached to it');
    case 'process':
      return none(space, iova, 'the process\'s memory is shown as its mappings; its CPU page tables are not modelled');
    // Beyond VFIO (core/beyond: walk-beyond.ts), once the object exists: only that code makes one.
    case 'liobn': {
      const t = sim.state.kvm.tables.get(ref.table);
      if (!t) return none(space, iova, `LIOBN table ${ref.table} does not exist at this step`);
      return beyond().liobnWalk(sim, space, t, iova);
    }
    case 'asid': {
      const dev = sim.state.vdpa.get(ref.device);
      if (!dev) return none(space, iova, `no vDPA device ${ref.device}`);
      return beyond().asidWalk(space, dev, ref.asid, iova);
    }
    case 'mm': {
      const mm = sim.state.sva.mms.get(ref.id);
      if (!mm || mm.freed) return none(space, iova, `mm ${ref.id} does not exist at this step`);
      return beyond().svaWalk(sim, space, mm, iova);
    }
    case 'pasid': {
      // The PASID entry points at an iommufd HWPT: the walk is that HWPT's.
      const slot = sim.state.sva.devices.has(ref.device) ? pasidHwpt(sim, ref.device, ref.pasid) : null;
      if (!slot) return none(space, iova, `${ref.device} PASID ${ref.pasid} has no iommufd HWPT attached at this step`);
      return { ...walkIn(sim, spaceId.hwpt(slot.ictx, slot.hwpt), iova), space };
    }
    default: {
      const never: never = ref;
      return never;
    }
  }
}
