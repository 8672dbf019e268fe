// What a vDPA ASID's two translations say, in the words the graph, the map and the summary
// share: the vhost IOTLB (what user space mapped) against the parent's own translation (what the
// device uses for DMA). Seed 001's story is the difference between the two: after a reset
// without IOTLB_PERSIST on an on-chip parent the IOTLB keeps its entries while the device is
// back to identity. The comparison is the family's (vhost/xlate.ts: xlateReport), redone with the
// B-tree diff (compareXlate).

import { IntervalMap } from '../intervals';
import type { Sim } from '../sim/sim';
import { PARENTS } from '../vhost/parents';
import type { IotlbEntry, ParentXlate, VdpaDevice } from '../vhost/types';
import type { XlateReport } from '../vhost/xlate';
import { IDENTITY } from '../vhost/xlate';

/**
 * The ASIDs worth showing: ASID 0 while the device is open (the one every virtqueue group
 * starts on), every ASID whose IOTLB exists (created by an UPDATE or BATCH_BEGIN), and any ASID
 * the device still translates through a map of its own.
 */
export function shownAsids(dev: VdpaDevice): number[] {
  const out = new Set<number>(dev.ases.keys());
  if (dev.fd !== null) out.add(0);
  for (const [asid, x] of dev.xlate) if (x.kind === 'map' && x.map.size > 0) out.add(asid);
  return [...out].filter((a) => a < PARENTS[dev.parent].nas).sort((a, b) => a - b);
}

export function xlateOf(dev: VdpaDevice, asid: number): ParentXlate {
  return dev.xlate.get(asid) ?? IDENTITY;
}

const EMPTY = new IntervalMap<IotlbEntry>();

/** The vhost IOTLB of an ASID (an empty map when the ASID has none yet). */
export function iotlbOf(dev: VdpaDevice, asid: number): IntervalMap<IotlbEntry> {
  return dev.ases.get(asid) ?? EMPTY;
}

/** Entries out of step between the IOTLB and the device: what the "stale N" badge counts. */
export function staleCount(r: XlateReport): number {
  return r.untranslated + r.extra;
}

/**
 * The ASID has a batch open on a set_map parent: the UPDATEs since BATCH_BEGIN reach the device
 * only with BATCH_END's set_map (vhost_vdpa_iotlb_batch_end), so they are pending, not stale.
 */
export function batchPending(dev: VdpaDevice, asid: number): boolean {
  return dev.inBatch && dev.batchAsid === asid && PARENTS[dev.parent].mapOps === 'set_map';
}

/** The short word of a badge: "identity", "no translation", "in sync", "pending 1", "stale 2". */
export function xlateBadge(r: XlateReport, pending = false): string {
  const n = staleCount(r);
  if (n > 0) return pending ? `pending ${n}` : `stale ${n}`;
  switch (r.device) {
    case 'identity': return 'identity';
    case 'none': return 'no translation';
    case 'map': return 'in sync';
    default: {
      const never: never = r.device;
      return never;
    }
  }
}

/** The device-wide badge: stale ASIDs win (summed), then pending ones, then in sync, identity, none. */
export function deviceBadge(dev: VdpaDevice, reports: readonly XlateReport[]): string | null {
  if (reports.length === 0) return null;
  const badges = reports.map((r) => xlateBadge(r, batchPending(dev, r.asid)));
  const sum = (word: string): number => badges.reduce((n, b) => n + (b.startsWith(word + ' ') ? Number(b.slice(word.length + 1)) : 0), 0);
  const stale = sum('stale');
  if (stale > 0) return `stale ${stale}`;
  const pending = sum('pending');
  if (pending > 0) return `pending ${pending}`;
  if (reports.some((r) => r.device === 'map')) return 'in sync';
  if (reports.some((r) => r.device === 'identity')) return 'identity';
  return 'no translation';
}

const entryWord = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`;

/**
 * vhost/xlate.ts's xlateReport (same fields, same words), computed with the B-tree diff: the
 * device's map is a clone of the IOTLB taken at set_map, so only what changed since is visited
 * (xlateReport looks every entry up, O(n log n) per call, too slow for a view built on every
 * seek of a 2048-entry IOTLB). Entries match when they start at the same IOVA with the same
 * last, uaddr and perm. tests/core/view/beyond-invariants.test.ts checks it against xlateReport.
 */
export function compareXlate(dev: VdpaDevice, asid: number): XlateReport {
  const x = xlateOf(dev, asid);
  const iotlb = iotlbOf(dev, asid);
  const n = iotlb.size;
  switch (x.kind) {
    case 'identity':
      return {
        asid, device: 'identity', device_entries: 0, untranslated: n, extra: 0,
        state: n === 0 ? 'identity' : `stale: ${entryWord(n)} the device does not translate (it is back to identity: IOVA used as the address)`,
      };
    case 'none':
      return {
        asid, device: 'none', device_entries: 0, untranslated: n, extra: 0,
        state: n === 0 ? `none (${x.why})` : `stale: ${entryWord(n)} the device does not translate (${x.why})`,
      };
    case 'map': {
      let untranslated = 0;
      let extra = 0;
      iotlb.diff(x.map, () => untranslated++, () => extra++, (now, was) => {
        if (now === was || (now.last === was.last && now.uaddr === was.uaddr && now.perm === was.perm)) return;
        untranslated++;
        extra++;
      });
      let state = 'in sync';
      if (untranslated > 0 || extra > 0) {
        const parts: string[] = [];
        if (untranslated > 0) parts.push(`${entryWord(untranslated)} the device does not translate`);
        if (extra > 0) parts.push(`${entryWord(extra)} the device still translates that the IOTLB no longer holds`);
        state = 'stale: ' + parts.join('; ');
      }
      return { asid, device: 'map', device_entries: x.map.size, untranslated, extra, state };
    }
    default: {
      const never: never = x;
      return never;
    }
  }
}

export function reportsOf(dev: VdpaDevice): XlateReport[] {
  return shownAsids(dev).map((a) => compareXlate(dev, a));
}

/** The device's vDPA devices in /dev/vhost-vdpa-<n> order. */
export function vdpaDevices(sim: Sim): VdpaDevice[] {
  return [...sim.state.vdpa.values()].sort((a, b) => a.index - b.index);
}

/** Why an IOTLB entry is not what the device translates, by the device's translation kind. */
export function untranslatedWhy(x: ParentXlate): string {
  switch (x.kind) {
    case 'identity': return 'the device is back to identity (it uses the IOVA as the address)';
    case 'none': return `the device translates nothing here (${x.why})`;
    case 'map': return 'not in the device\'s own map';
    default: {
      const never: never = x;
      return never;
    }
  }
}
