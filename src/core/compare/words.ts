// The sentences compare mode says: one per divergent step, and the headline. They name both
// sides by their labels and quote the kernel's reason and source, e.g.
//   step 7: x86-vtd-48 ok, ppc-powernv ENXIO (iova 0x100000000 is in no DMA window:
//   drivers/vfio/vfio_iommu_spapr_tce.c: tce_iommu_find_table)

import type { StepResult } from '../sim/run';
import { hex } from '../u64';
import type { CompareRow, Run, StateDifference } from './types';

export interface Labels {
  readonly a: string;
  readonly b: string;
}

/** "ok", "ok (ret 1)" or "ENXIO (reason: source)". */
export function outcomeWords(r: StepResult, withWhy = true): string {
  if (r.ok) return r.ret !== undefined ? `ok (ret ${String(r.ret)})` : 'ok';
  return withWhy ? `${r.errno} (${r.reason}: ${r.source})` : r.errno;
}

export function rowSentence(row: CompareRow, l: Labels): string {
  const at = `step ${row.index}`;
  const { a, b } = row;
  const v = row.verdict;
  switch (v.kind) {
    case 'same':
      if (row.state === 'converged') return `${at}: same result on both (${a ? outcomeWords(a, false) : '?'}); the DMA state is the same again`;
      return `${at}: same on both (${a ? outcomeWords(a, false) : '?'})`;
    case 'one-fails':
    case 'errno':
      return `${at}: ${l.a} ${outcomeWords(a!)}, ${l.b} ${outcomeWords(b!)}`;
    case 'out':
      return `${at}: both ok, but the output differs in ${v.fields.join(', ')}`;
    case 'state': {
      const d = row.differences[0];
      return `${at}: same result (${outcomeWords(a!, false)}), but the step changed the DMA state differently${d ? `: ${differenceWords(d, l)}` : ''}`;
    }
    case 'not-run': {
      const who = v.side === 'both' ? 'neither side' : v.side === 'a' ? l.a : l.b;
      return `${at}: ${who} did not run it (a simulator bug stopped ${v.side === 'both' ? 'both runs' : 'that run'})`;
    }
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** "device nic0: legacy container maps [0x100000, 0x2fffff] -> 0x7f0000000000, iommufd container has nothing at 0x100000". */
export function differenceWords(d: StateDifference, l: Labels): string {
  if (d.bug) {
    const [who, other] = d.bug.side === 'a' ? [l.a, l.b] : [l.b, l.a];
    return `${d.key}: the same translations, but on ${who} the simulator flags ${d.bug.message.replace(/\.$/, '')} (not on ${other})`;
  }
  return `${d.key}: ${l.a} ${runWords(d.key, d.a, d.iova, d.countA)}, ${l.b} ${runWords(d.key, d.b, d.iova, d.countB)}`;
}

function runWords(key: string, r: Run | null, iova: bigint, count: number | null): string {
  // No entry: the device was never opened there, or the handle names nothing (its step failed).
  if (count === null) return key.startsWith('device ') ? 'has no open device fd for it' : 'has nothing under that name';
  if (!r) return `has nothing at ${hex(iova)}`;
  return `maps [${hex(r.first)}, ${hex(r.last)}] -> ${hex(r.va)}`;
}
