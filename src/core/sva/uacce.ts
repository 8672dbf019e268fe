// uacce (drivers/misc/uacce/uacce.c, v5.10+): an accelerator's char device where every open is a
// queue bound to current->mm (uacce_fops_open -> uacce_bind_queue -> iommu_sva_bind_device) and
// every release unbinds it (uacce_fops_release -> uacce_unbind_queue). The fd is what seed 000
// calls FD_acc; there is no FD_pasid: the PASID comes from the mm and lives as long as the mm.

import { fail } from '../errno';
import type { StepOutcome } from '../errno';
import type { Sim } from '../sim/sim';
import { bindSva, unbindSva } from './bind';
import type { MmEvents } from './mm';
import { hasDomainAllocSva } from './platform';
import { SELF } from './types';

const OPEN_SRC = 'drivers/misc/uacce/uacce.c: uacce_fops_open';

/** The scenario device whose uacce node is /dev/<name>, or null. */
export function uacceDeviceForPath(sim: Sim, path: string): string | null {
  const m = /^\/dev\/([^/]+)$/.exec(path);
  if (!m) return null;
  for (const d of sim.state.sva.devices.values()) if (d.uacce === m[1]) return d.id;
  return null;
}

/**
 * open("/dev/<uacce>") by the scenario's process. With UACCE_DEV_SVA the queue binds current->mm
 * and the bind's errno is open()'s (v5.10+; v5.7 masked every failure as ENOMEM). A platform
 * whose IOMMU cannot do SVA registers the device without UACCE_DEV_SVA (uacce_enable_sva
 * failed at probe): the queue gets no PASID (unverified per driver).
 */
export function openUacce(sim: Sim, device: string): { fd: number; pasid: number | null; started: boolean } | StepOutcome {
  let handle: number | null = null;
  let pasid: number | null = null;
  let started = false;
  if (hasDomainAllocSva(sim.state.platform)) {
    const r = bindSva(sim, device, SELF);
    if ('ok' in r) return fail(r.errno, `uacce_bind_queue: ${r.reason}`, `${OPEN_SRC} (${r.source})`, r.partial);
    handle = r.handle.id;
    pasid = r.handle.pasid;
    started = r.started;
  }
  const fd = sim.allocFd({ kind: 'uacce', device });
  sim.state.sva.queues.set(fd, { fd, device, handle, pasid });
  if (handle !== null) {
    const h = sim.state.sva.handles.get(handle)!;
    h.queues = [...h.queues, fd];
  }
  return { fd, pasid, started };
}

/** The last reference to a uacce file went: uacce_fops_release -> uacce_unbind_queue. */
export function closeUacce(sim: Sim, fd: number): { unbound: boolean; ev: MmEvents | null } {
  const q = sim.state.sva.queues.get(fd);
  if (!q) return { unbound: false, ev: null };
  sim.state.sva.queues.delete(fd);
  if (q.handle === null) return { unbound: false, ev: null };
  const h = sim.state.sva.handles.get(q.handle);
  if (!h) return { unbound: false, ev: null };
  h.queues = h.queues.filter((x) => x !== fd);
  const r = unbindSva(sim, h);
  return { unbound: true, ev: r.ev };
}
