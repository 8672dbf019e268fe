// A device's PASID table as the hardware sees it (VT-d scalable mode: context entry -> PASID
// directory -> PASID tables, one 512-bit entry per PASID, PGTT = first-level / second-level /
// nested / pass-through; SMMUv3's CD table and AMD's GCR3 table play the same role). It is derived
// from the iommu core's group->pasid_array (every PASID-capable device of the group gets the
// entry) and from the RID's attachment (PASID 0 = RID2PASID, DMA without PASID).

import type { Sim } from '../sim/sim';
import type { EntryKind } from './invalidate';
import type { NestedEntry } from './nested';

export interface PasidEntryView {
  readonly pasid: number;
  readonly kind: EntryKind;
  /** The Present bit. An SVA entry an mm exit tore down is not present, with FPD set. */
  readonly present: boolean;
  /** Fault Processing Disabled: DMA faults on this PASID are not reported. */
  readonly fault_processing_disabled?: boolean;
  /** first-level (SVA): the mm whose CPU page table (mm->pgd) the entry points at. */
  readonly mm?: number;
  readonly process?: string;
  readonly handle?: number;
  /** second-level: the iommufd HWPT (and its IOAS), or a VFIO type1 container, or the kernel's DMA domain. */
  readonly ictx?: number;
  readonly hwpt?: number;
  readonly ioas?: number;
  readonly container?: number;
  readonly nested?: NestedEntry;
  readonly domain: string;
}

/** The RID2PASID entry (PASID 0): what DMA without a PASID is translated by. */
function ridEntry(sim: Sim, device: string): PasidEntryView {
  const d = sim.state.devices.get(device)!;
  const b = d.bound;
  const ctx = b ? sim.state.ictxs.get(b.ictx) : undefined;
  const o = b && ctx ? ctx.objects.get(b.devId) : undefined;
  if (ctx && o?.kind === 'device' && o.hwpt !== null) {
    const h = ctx.objects.get(o.hwpt);
    return { pasid: 0, kind: 'second-level', present: true, ictx: ctx.id, hwpt: o.hwpt, ...(h?.kind === 'hwpt_paging' ? { ioas: h.ioas } : {}), domain: `iommufd HWPT ${o.hwpt}` };
  }
  const g = sim.state.groups.get(d.group);
  if (g?.container?.kind === 'container') {
    const c = sim.state.containers.get(g.container.id);
    if (c?.iommu?.kind === 'type1') return { pasid: 0, kind: 'second-level', present: true, container: c.id, domain: `VFIO type1 container ${c.id}` };
  }
  if (g?.container?.kind === 'iommufd') {
    const ctx2 = sim.state.ictxs.get(g.container.ictx);
    const hw = ctx2?.groupHwpt.get(d.group);
    if (ctx2 && hw !== undefined) return { pasid: 0, kind: 'second-level', present: true, ictx: ctx2.id, hwpt: hw, domain: `iommufd HWPT ${hw} (VFIO compat)` };
  }
  // Owned by no user: blocked while a VFIO user holds DMA ownership, else the kernel's default
  // DMA domain (its page-table format is the driver's choice; unverified which level).
  const owned = g?.fd !== null && g?.fd !== undefined || d.cdevFd !== null;
  return owned
    ? { pasid: 0, kind: 'second-level', present: false, domain: 'blocked (VFIO owns the device, nothing attached)' }
    : { pasid: 0, kind: 'second-level', present: true, domain: 'kernel DMA default domain' };
}

/** The device's PASID table, sorted by PASID; empty for a device without PASID capability. */
export function pasidTable(sim: Sim, device: string): PasidEntryView[] {
  const sd = sim.state.sva.devices.get(device);
  const d = sim.state.devices.get(device);
  if (!sd || !d || sd.maxPasids === 0 || !sd.hasGroup) return [];
  const out: PasidEntryView[] = [ridEntry(sim, device)];
  const arr = sim.state.sva.groups.get(d.group);
  for (const [pasid, slot] of [...(arr ?? [])].sort((a, b) => a[0] - b[0])) {
    switch (slot.kind) {
      case 'sva': {
        const h = sim.state.sva.handles.get(slot.handle)!;
        const mm = sim.state.sva.mms.get(h.mm)!;
        const fpd = sd.fpd.includes(pasid);
        out.push({
          pasid, kind: 'first-level', present: !fpd, ...(fpd ? { fault_processing_disabled: true } : {}),
          mm: mm.id, process: mm.process, handle: h.id, domain: `SVA domain ${slot.domain} (mm ${mm.id}'s CPU page table)`,
        });
        break;
      }
      case 'iommufd': {
        const ctx = sim.state.ictxs.get(slot.ictx);
        const h = ctx?.objects.get(slot.hwpt);
        out.push({ pasid, kind: 'second-level', present: true, ictx: slot.ictx, hwpt: slot.hwpt, ...(h?.kind === 'hwpt_paging' ? { ioas: h.ioas } : {}), domain: `iommufd HWPT ${slot.hwpt}` });
        break;
      }
      default: {
        const never: never = slot;
        return never;
      }
    }
  }
  return out;
}
