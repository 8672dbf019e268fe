// The parent's own translation (what the device uses for DMA) and how it compares with the
// vhost IOTLB. Set at probe, by set_map / dma_map / iommu_map, by a CLEAN_MAP reset and by
// reset_map; read by inspect ("identity", "in sync", "stale: N entries ...").

import { IntervalMap } from '../intervals';
import type { ParentSpec } from './parents';
import type { IotlbEntry, ParentXlate, VdpaDevice } from './types';

export const IDENTITY: ParentXlate = Object.freeze({ kind: 'identity' });

/**
 * What the device translates for `asid` right after probe, after a CLEAN_MAP reset and after
 * reset_map (they install the same default):
 * - vdpa_sim: identity on every ASID (vdpasim_do_reset / vdpasim_reset_map: [0, ULONG_MAX] RW, iommu_pt);
 * - mlx5: the identity DMA MR on ASID 0 (mlx5_vdpa_create_dma_mr, with umem_uid_0), no MR on the others;
 * - platform IOMMU: the domain vhost-vdpa allocated (empty at open), or none without one.
 */
export function defaultXlate(p: ParentSpec, asid: number, domain: boolean): ParentXlate {
  switch (p.mapOps) {
    case 'set_map':
    case 'dma_map':
      if (p.kind === 'mlx5' && asid !== 0) return { kind: 'none', why: 'no memory key (MR) for this ASID' };
      return IDENTITY;
    case 'iommu':
      return domain ? { kind: 'map', map: new IntervalMap<IotlbEntry>() } : { kind: 'none', why: 'no IOMMU domain: vhost-vdpa allocates it at open and frees it at release' };
    default: {
      const never: never = p.mapOps;
      return never;
    }
  }
}

export function initialXlate(p: ParentSpec, domain: boolean): Map<number, ParentXlate> {
  const m = new Map<number, ParentXlate>();
  for (let asid = 0; asid < p.nas; asid++) m.set(asid, defaultXlate(p, asid, domain));
  return m;
}

/** set_map(vdpa, asid, iotlb): the parent re-derives its whole translation from the IOTLB. */
export function setMap(dev: VdpaDevice, asid: number): void {
  const iotlb = dev.ases.get(asid);
  dev.xlate.set(asid, { kind: 'map', map: iotlb ? iotlb.clone() : new IntervalMap<IotlbEntry>() });
  dev.calls.set_map++;
  dev.sinceReset.calls.set_map++;
}

/** The incremental map of dma_map / iommu_map parents (leaving identity first, as vdpasim_dma_map does). */
export function incrementalMap(dev: VdpaDevice, asid: number): IntervalMap<IotlbEntry> {
  const x = dev.xlate.get(asid);
  if (x?.kind === 'map') return x.map;
  const map = new IntervalMap<IotlbEntry>();
  dev.xlate.set(asid, { kind: 'map', map });
  return map;
}

export interface XlateReport {
  readonly asid: number;
  /** What the device translates with. */
  readonly device: 'identity' | 'none' | 'map';
  /** Entries of the device's own map (0 for identity / none). */
  readonly device_entries: number;
  /** IOTLB entries the device does not translate (as mapped). */
  readonly untranslated: number;
  /** Entries the device still translates that the IOTLB no longer holds. */
  readonly extra: number;
  readonly state: string;
}

/** Compares the device's translation of `asid` with the vhost IOTLB. */
export function xlateReport(dev: VdpaDevice, asid: number): XlateReport {
  const x = dev.xlate.get(asid) ?? IDENTITY;
  const iotlb = dev.ases.get(asid);
  const n = iotlb?.size ?? 0;
  switch (x.kind) {
    case 'identity':
      return {
        asid, device: 'identity', device_entries: 0, untranslated: n, extra: 0,
        state: n === 0 ? 'identity' : `stale: ${n} ${n === 1 ? 'entry' : 'entries'} the device does not translate (it is back to identity: IOVA used as the address)`,
      };
    case 'none':
      return {
        asid, device: 'none', device_entries: 0, untranslated: n, extra: 0,
        state: n === 0 ? `none (${x.why})` : `stale: ${n} ${n === 1 ? 'entry' : 'entries'} the device does not translate (${x.why})`,
      };
    case 'map': {
      let matched = 0;
      if (iotlb) {
        for (const e of iotlb.values()) {
          const d = x.map.get(e.first);
          // Entries are shared by reference after set_map's clone; compare fields otherwise.
          if (d && (d === e || (d.last === e.last && d.uaddr === e.uaddr && d.perm === e.perm))) matched++;
        }
      }
      const untranslated = n - matched;
      const extra = x.map.size - matched;
      let state = 'in sync';
      if (untranslated > 0 || extra > 0) {
        const parts: string[] = [];
        if (untranslated > 0) parts.push(`${untranslated} ${untranslated === 1 ? 'entry' : 'entries'} the device does not translate`);
        if (extra > 0) parts.push(`${extra} ${extra === 1 ? 'entry' : 'entries'} the device still translates that the IOTLB no longer holds`);
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
