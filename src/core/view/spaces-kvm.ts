// One lane per KVM LIOBN table: the guest's DMA window (offset and size in pages << page_shift)
// and the TCEs the guest wrote into it (H_PUT_TCE), as runs of bus addresses. A TCE holds a
// guest physical address; KVM turns it into a user address through the memory slots
// (kvmppc_tce_to_ua), which is the backing shown, so a run crossing a slot boundary is split
// where the user address stops being contiguous.

import type { Interval } from '../intervals';
import { TCE_READ, TCE_WRITE } from '../kvm/common';
import { guestWindow } from '../kvm/tce-table';
import type { GuestTceRun, SpaprTceTable } from '../kvm/types';
import type { Sim } from '../sim/sim';
import { hex, U64_MAX } from '../u64';
import { nodeId, spaceId } from './ids';
import type { Labeled, LayerModel, SpaceModel } from './layers';
import { pageSizeName } from './text';

export const RW = TCE_READ | TCE_WRITE;

/** The guest window in bus addresses, clipped to 64 bits; null when it starts past them. */
export function windowOf(t: SpaprTceTable): Interval | null {
  // Exact bigints: the uAPI's check (offset + size > ULLONG_MAX >> page_shift) wraps in u64.
  const start = t.offset << BigInt(t.pageShift);
  const end = (t.offset + t.size) << BigInt(t.pageShift);
  if (start > U64_MAX) return null;
  return { first: start, last: end - 1n > U64_MAX ? U64_MAX : end - 1n };
}

const permName = (tce: bigint): string => ((tce & TCE_READ) !== 0n ? 'R' : '') + ((tce & TCE_WRITE) !== 0n ? 'W' : '') || 'none';

/** A run's piece with the guest address of its first entry and the user address behind it. */
export interface TcePiece extends Labeled {
  readonly first: bigint;
  readonly last: bigint;
  readonly gpa: bigint;
  /** The user address of `first` (kvmppc_tce_to_ua), or null when no memory slot holds the gpa. */
  readonly ua: bigint | null;
}

/**
 * The runs split at memory-slot boundaries: entry i of a run holds gpa0 + i * pagesize (the runs
 * step by the table's page size), and each piece lies in one slot, or in none.
 */
export function tcePieces(sim: Sim, t: SpaprTceTable): TcePiece[] {
  const slots = [...sim.state.kvm.memslots.values()].sort((a, b) => (a.gpa < b.gpa ? -1 : 1));
  const out: TcePiece[] = [];
  const mask = (1n << BigInt(t.pageShift)) - 1n;
  type Slot = (typeof slots)[number];
  const piece = (run: GuestTceRun, first: bigint, last: bigint, gpa: bigint, slot: Slot | undefined): void => {
    const ua = slot ? slot.hva + (gpa - slot.gpa) : null;
    const label = `TCE ${hex(run.tce + (first - run.first))}: gpa ${hex(gpa)}, ${permName(run.tce)}${ua === null ? ', in no memory slot' : ''}`;
    out.push({ first, last, gpa, ua, label, ...(ua !== null ? { backing: ua } : {}) });
  };
  t.entries.forEach((run) => {
    let first = run.first;
    while (first <= run.last) {
      const gpa = (run.tce & ~mask & U64_MAX) + (first - run.first);
      const slot = slots.find((m) => gpa >= m.gpa && gpa < m.gpa + m.size);
      // Up to the end of this slot, or to the next slot's start when the gpa is in none.
      const bound = slot ? slot.gpa + slot.size : (slots.find((m) => m.gpa > gpa)?.gpa ?? null);
      const room = bound === null ? null : bound - gpa;
      const last = room !== null && first + room - 1n < run.last ? first + room - 1n : run.last;
      piece(run, first, last, gpa, slot);
      first = last + 1n;
    }
  });
  return out;
}

function liobnSpace(sim: Sim, t: SpaprTceTable): SpaceModel {
  const win = windowOf(t);
  const name = `LIOBN ${hex(t.liobn)}`;
  const page = pageSizeName(1n << BigInt(t.pageShift));
  const layers: LayerModel[] = [
    { kind: 'window', source: 'list', ranges: win ? [{ ...win, label: `guest window of ${name} · ${page} TCEs` }] : [] },
    { kind: 'mapping', source: 'list', ranges: tcePieces(sim, t).map((p) => ({ first: p.first, last: p.last, label: p.label, ...(p.ua !== null ? { backing: p.ua } : {}) })) },
  ];
  const g = guestWindow(t);
  return {
    id: spaceId.liobn(t.id), kind: 'kvm-tce', name,
    title: `${name} · ${page} guest TCEs · window ${hex(g.start)} +${hex(g.bytes)}`,
    node: nodeId.liobn(t.id), extent: win ?? { first: 0n, last: U64_MAX }, walkable: win !== null, layers,
  };
}

export function collectKvmSpaces(sim: Sim): SpaceModel[] {
  return [...sim.state.kvm.tables.values()].sort((a, b) => a.id - b.id).map((t) => liobnSpace(sim, t));
}
