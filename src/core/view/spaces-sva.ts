// PASID address spaces. An SVA PASID translates through the mm's own CPU page table, so its
// space is the mm's user memory: one lane per mm a device has bound (every device bound to the
// mm uses the same PASID and the same table). A PASID with an iommufd HWPT attached translates
// through that HWPT: its lane shows the HWPT's IOAS areas, as the HWPT's own lane does.

import type { Interval } from '../intervals';
import type { Area } from '../iommufd/types';
import { formatNamed } from '../pagetable/views';
import type { Sim } from '../sim/sim';
import type { Vma } from '../sim/state';
import { pasidTable } from '../sva/table';
import type { MmState } from '../sva/types';
import { SELF } from '../sva/types';
import { hex } from '../u64';
import { hwptName } from './spaces';
import { nodeId, spaceId } from './ids';
import type { LayerModel, SpaceModel } from './layers';
import { ALL, mapPart } from './layers';

/**
 * TASK_SIZE as the SVA model uses it (src/core/sva/dma.ts, x86-64 with 4-level paging): a
 * device's first-level walk of an address at or above it faults.
 */
export const SVA_TASK_SIZE = 0x7ffffffff000n;

const vmaLabel = (v: Interval): string => (v as Vma).label;
const userVaOf = (v: Interval): bigint => (v as Area).userVa;

/** The lane exists while a device has the mm bound (an SVA handle) and its page table is alive. */
export function hasSvaSpace(sim: Sim, mm: MmState | undefined): boolean {
  if (!mm || mm.freed || !mm.alive || mm.pasid === null) return false;
  for (const h of sim.state.sva.handles.values()) if (h.mm === mm.id) return true;
  return false;
}

/**
 * The mm's user memory: the scenario's own process has its VMAs when the scenario maps memory
 * (mmap steps); any other process, or one whose memory is not managed, is taken as mapped
 * everywhere below TASK_SIZE, exactly as SIM_DMA treats it.
 */
function mmLayer(sim: Sim, mm: MmState): LayerModel {
  if (mm.process === SELF && sim.state.strictMemory) {
    return { kind: 'vma', source: 'maps', parts: [mapPart('vmas', sim.state.vmas, null, ALL, vmaLabel)] };
  }
  return {
    kind: 'vma', source: 'list',
    ranges: [{ first: 0n, last: SVA_TASK_SIZE - 1n, label: `user memory of ${mm.process} below TASK_SIZE ${hex(SVA_TASK_SIZE)} (its VMAs are not modelled: every address taken as mapped)` }],
  };
}

function svaSpace(sim: Sim, mm: MmState): SpaceModel {
  const layers = [mmLayer(sim, mm)];
  return {
    id: spaceId.mm(mm.id), kind: 'sva', name: `PASID ${mm.pasid} (mm ${mm.id})`,
    title: `PASID ${mm.pasid} · ${mm.process} (mm ${mm.id}) · its CPU page table`,
    node: nodeId.mm(mm.id), extent: { first: 0n, last: SVA_TASK_SIZE - 1n }, walkable: false, layers,
  };
}

/** One lane per (device, PASID) with an iommufd HWPT: the HWPT's IOAS areas inside its aperture. */
function hwptPasidSpaces(sim: Sim): SpaceModel[] {
  const out: SpaceModel[] = [];
  for (const device of [...sim.state.sva.devices.keys()].sort()) {
    for (const e of pasidTable(sim, device)) {
      if (e.pasid === 0 || e.hwpt === undefined || e.ictx === undefined) continue;
      const ctx = sim.state.ictxs.get(e.ictx);
      const h = ctx?.objects.get(e.hwpt);
      if (!ctx || h?.kind !== 'hwpt_paging') continue;
      const ioas = ctx.objects.get(h.ioas);
      const aperture = { first: h.apertureStart, last: h.apertureEnd };
      const layers: LayerModel[] = [
        { kind: 'mapping', source: 'maps', parts: ioas?.kind === 'ioas' ? [mapPart('areas', ioas.areas, userVaOf, aperture)] : [] },
      ];
      out.push({
        id: spaceId.pasid(device, e.pasid), kind: 'pasid', name: `${device} PASID ${e.pasid}`,
        title: `${device} PASID ${e.pasid} · ${hwptName(sim, ctx.id, h.id)} on IOAS ${h.ioas} · ${h.format}`,
        node: nodeId.pasid(device, e.pasid), extent: aperture, walkable: formatNamed(h.format) !== null, layers,
      });
    }
  }
  return out;
}

export function collectSvaSpaces(sim: Sim): SpaceModel[] {
  const out: SpaceModel[] = [];
  for (const mm of [...sim.state.sva.mms.values()].sort((a, b) => a.id - b.id)) if (hasSvaSpace(sim, mm)) out.push(svaSpace(sim, mm));
  return [...out, ...hwptPasidSpaces(sim)];
}
