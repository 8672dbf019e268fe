// SIM_DATAPATH: the oracle's probe of the device's OWN translation (oracle/vdpa/harness.c
// op_sim_datapath), which no uAPI shows. On vdpa_sim_net in user-VA mode it negotiates
// VERSION_1 | ACCESS_PLATFORM, puts RX/TX rings and buffers at IOVA [iova, iova + 0x4000) (user
// memory at uaddr), sets DRIVER_OK and loops one frame TX -> RX: vdpa_sim_net reads and writes
// them through vdpasim->iommu[0], the map set_map / reset(CLEAN_MAP) / reset_map change. Not a
// kernel uAPI call: a scenario step only so that the oracle can confirm rule R2 step by step.

import { fail, ok } from '../errno';
import type { Handler } from '../sim/handler';
import { arg } from '../sim/handler';
import type { u64 } from '../u64';
import { isFail, vhostFile } from './device';
import type { VdpaDevice } from './types';

const SRC = 'oracle/vdpa/harness.c: op_sim_datapath (drives drivers/vdpa/vdpa_sim/vdpa_sim_net.c)';
/** Rings and buffers span [iova, iova + 0x4000). */
export const DATAPATH_SPAN = 0x4000n;

export const simDatapath: Handler = (sim, step) => {
  const t = vhostFile(sim, step.fd, 'ioctl', step.op);
  if (isFail(t)) return t;
  if (t.spec.kind !== 'vdpa_sim') return fail('EOPNOTSUPP', `SIM_DATAPATH drives vdpa_sim_net only (this device's parent is ${t.spec.kind})`, SRC);
  if (t.dev.status !== 0) return fail('EINVAL', 'SIM_DATAPATH needs a reset device (status 0); the oracle reports it unsupported', SRC);
  const iova = arg.u64(step, 'iova');
  const uaddr = arg.u64(step, 'uaddr');
  // ACKNOWLEDGE | DRIVER, FEATURES_OK, then DRIVER_OK: left set.
  t.dev.status = 0x1 | 0x2 | 0x8 | 0x4;
  const how = translates(t.dev, iova, uaddr);
  return ok({ delivered: how === null }, { note: how === null ? 'The device translated the rings and buffers: the frame looped TX -> RX.' : `Not delivered: ${how}.` });
};

/** null when ASID 0 of the device maps [iova, iova + span) onto the user memory at uaddr, RW; else why not. */
function translates(dev: VdpaDevice, iova: u64, uaddr: u64): string | null {
  const x = dev.xlate.get(0);
  if (!x) return 'ASID 0 has no translation';
  switch (x.kind) {
    case 'identity':
      // User-VA mode: identity means IOVA = user virtual address.
      return iova === uaddr ? null : `the device is in identity pass-through, so it used IOVA 0x${iova.toString(16)} as the user address (the buffers are at 0x${uaddr.toString(16)})`;
    case 'none':
      return `the device translates nothing (${x.why})`;
    case 'map': {
      let cur = iova;
      const last = iova + DATAPATH_SPAN - 1n;
      while (cur <= last) {
        const e = x.map.containing(cur);
        if (!e) return `the device's map has nothing at IOVA 0x${cur.toString(16)}`;
        if (e.uaddr + (cur - e.first) !== uaddr + (cur - iova)) return `the device maps IOVA 0x${cur.toString(16)} to another user address`;
        if (e.perm !== 'RW') return `the device maps IOVA 0x${cur.toString(16)} ${e.perm}, the rings need RW`;
        cur = e.last + 1n;
        if (cur === 0n) break;
      }
      return null;
    }
    default: {
      const never: never = x;
      return never;
    }
  }
}
