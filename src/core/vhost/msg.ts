// The IOTLB messages: write(2) of one struct vhost_msg_v2 to the vhost-vdpa fd.
// drivers/vhost/vhost.c vhost_chr_write_iter checks the message (bad type or short write:
// EINVAL; UPDATE with size 0: EINVAL), reads the ASID only when IOTLB_ASID was negotiated, and
// turns ANY error of the handler (vhost_vdpa_process_iotlb_msg) into EFAULT. So user space sees
// EFAULT for EEXIST, EINVAL, ENOSPC, ...; each result's reason names the inner errno.

import { fail, ok } from '../errno';
import type { Step } from '../scenario/types';
import type { Handler } from '../sim/handler';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import type { u64 } from '../u64';
import type { VhostFile } from './device';
import { isFail, vhostFile } from './device';
import type { Inner } from './iotlb';
import { DEFAULT_MAX_IOTLB_ENTRIES, findAllocAs, processUpdate, VDPA_C, vhostVdpaUnmap } from './iotlb';
import { bf, iovaRangeOf } from './parents';
import type { VhostPerm } from './types';
import { setMap } from './xlate';

const WRITE_ITER = 'drivers/vhost/vhost.c: vhost_chr_write_iter';
const MSG_FN = `${VDPA_C}: vhost_vdpa_process_iotlb_msg`;
/** sizeof(struct vhost_msg_v2): what a successful write() returns. */
export const VHOST_MSG_V2_SIZE = 72;

type MsgType = 'UPDATE' | 'INVALIDATE' | 'BATCH_BEGIN' | 'BATCH_END';

export function maxIotlbEntries(sim: Sim): number {
  return sim.state.kernel.vhost_vdpa_max_iotlb_entries ?? DEFAULT_MAX_IOTLB_ENTRIES;
}

function message(type: MsgType): Handler {
  return (sim, step) => {
    const t = vhostFile(sim, step.fd, 'write', step.op);
    if (isFail(t)) return t;
    if (type === 'UPDATE' && arg.u64(step, 'size') === 0n) {
      return fail('EINVAL', 'an UPDATE with size 0 is refused before the handler runs', WRITE_ITER);
    }
    // Without IOTLB_ASID the kernel skips the asid field: everything lands in ASID 0.
    const given = arg.intopt(step, 'asid') ?? 0;
    const asidNegotiated = (t.dev.backendFeatures & bf('IOTLB_ASID')) !== 0n;
    const asid = asidNegotiated ? given : 0;
    const ignored = !asidNegotiated && given !== 0 ? `asid ${given} ignored: IOTLB_ASID not negotiated, so ASID 0` : '';
    const r = handle(sim, t, type, asid, step);
    if (r.inner) {
      const also = ignored ? ` (${ignored})` : '';
      return fail('EFAULT', `inner -${r.inner.errno}: ${r.inner.reason}${also}; write() reports every handler error as EFAULT`, r.inner.source, r.partial || undefined);
    }
    return ok({}, { ret: VHOST_MSG_V2_SIZE, ...(ignored ? { note: ignored } : {}) });
  };
}

type Handled = { inner: Inner | null; partial: boolean };

/** vhost_vdpa_process_iotlb_msg, under dev->mutex. */
function handle(sim: Sim, t: VhostFile, type: MsgType, asid: number, step: Step): Handled {
  const { dev, spec } = t;
  const max = maxIotlbEntries(sim);
  // vhost_dev_check_owner: the scenario's open implies VHOST_SET_OWNER, so this always passes.
  let iotlb;
  let created = false;
  if (type === 'UPDATE' || type === 'BATCH_BEGIN') {
    created = !dev.ases.has(asid);
    iotlb = findAllocAs(dev, spec, asid, max);
    if (!iotlb) {
      const why = asid >= spec.nas ? `ASID ${asid} >= the device's ${spec.nas} address space${spec.nas === 1 ? '' : 's'}` : `max_iotlb_entries (${max}) <= 0`;
      return { inner: { errno: 'EINVAL', reason: `can't find and alloc asid ${asid}: ${why}`, source: `${VDPA_C}: vhost_vdpa_find_alloc_as` }, partial: false };
    }
  } else {
    iotlb = dev.ases.get(asid);
  }
  if (dev.inBatch && dev.batchAsid !== asid) {
    // The ASID was already created above: a refused UPDATE / BATCH_BEGIN leaves it behind.
    const left = created ? `; ASID ${asid} was created before the check and stays (empty)` : '';
    return { inner: { errno: 'EINVAL', reason: `a batch is open on ASID ${dev.batchAsid}; messages for ASID ${asid} cannot join it${left}`, source: MSG_FN }, partial: created };
  }
  if (!iotlb) {
    return { inner: { errno: 'EINVAL', reason: `no iotlb for asid ${asid}: no UPDATE or BATCH_BEGIN ever created it`, source: MSG_FN }, partial: false };
  }
  switch (type) {
    case 'UPDATE': {
      const msg = { iova: arg.u64(step, 'iova'), size: arg.u64(step, 'size'), uaddr: arg.u64(step, 'uaddr'), perm: step.perm as VhostPerm };
      const r = processUpdate(sim, dev, spec, asid, iotlb, msg, iovaRangeOf(spec, sim.state.platform), max);
      if (r) return { inner: r, partial: created };
      dev.sinceReset.updateMessages++;
      dev.sinceReset.bytesMapped += msg.size;
      return { inner: null, partial: false };
    }
    case 'INVALIDATE': {
      const removed: u64 = vhostVdpaUnmap(dev, spec, asid, iotlb, arg.u64(step, 'iova'), arg.u64(step, 'size'));
      dev.sinceReset.invalidateMessages++;
      dev.sinceReset.bytesUnmapped += removed;
      return { inner: null, partial: false };
    }
    case 'BATCH_BEGIN':
      dev.batchAsid = asid;
      dev.inBatch = true;
      return { inner: null, partial: false };
    case 'BATCH_END':
      // One set_map for the whole batch (set_map parents); dma_map / platform parents mapped as they went.
      if (dev.inBatch && spec.mapOps === 'set_map') setMap(dev, asid);
      dev.inBatch = false;
      return { inner: null, partial: false };
    default: {
      const never: never = type;
      return never;
    }
  }
}

export const iotlbUpdate = message('UPDATE');
export const iotlbInvalidate = message('INVALIDATE');
export const iotlbBatchBegin = message('BATCH_BEGIN');
export const iotlbBatchEnd = message('BATCH_END');
