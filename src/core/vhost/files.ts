// open(2) / close(2) of /dev/vhost-vdpa-<n> (drivers/vhost/vdpa.c vhost_vdpa_open / vhost_vdpa_release).

import type { StepOutcome } from '../errno';
import { fail } from '../errno';
import type { Sim } from '../sim/sim';
import { PARENTS } from './parents';
import { releaseDevice, resetDevice } from './reset';
import type { VdpaDevice } from './types';
import { zeroSinceReset } from './types';
import { defaultXlate } from './xlate';

const OPEN = 'drivers/vhost/vdpa.c: vhost_vdpa_open';

/** The vhost-vdpa node /dev/vhost-vdpa-<n>, or the device named by `device`. */
function deviceOf(sim: Sim, n: number, name: string | undefined): VdpaDevice | StepOutcome {
  if (name !== undefined) {
    const d = sim.state.vdpa.get(name);
    if (d) return d;
    const other = sim.state.devices.get(name);
    return fail('ENOENT', other ? `device "${name}" is a ${other.kind} device, not a vDPA device bound to vhost_vdpa` : `no device "${name}" in this scenario's devices`, 'fs/open.c: do_sys_open');
  }
  for (const d of sim.state.vdpa.values()) if (d.index === n) return d;
  return fail('ENOENT', `no /dev/vhost-vdpa-${n}: the scenario has ${sim.state.vdpa.size} vDPA device${sim.state.vdpa.size === 1 ? '' : 's'}`, 'fs/open.c: do_sys_open');
}

/**
 * open("/dev/vhost-vdpa-<n>") followed by VHOST_SET_OWNER, as QEMU does (the scenario format
 * leaves SET_OWNER implicit; without an owner every IOTLB message fails). Returns the fd.
 */
export function openVhostVdpa(sim: Sim, n: number, name: string | undefined): number | StepOutcome {
  const dev = deviceOf(sim, n, name);
  if ('ok' in dev) return dev;
  if (dev.fd !== null) return fail('EBUSY', `/dev/vhost-vdpa-${dev.index} is already open (fd ${dev.fd}); vhost_vdpa_open is exclusive`, OPEN);
  const spec = PARENTS[dev.parent];
  if (spec.mapOps === 'iommu' && !sim.state.platform.domain) {
    return fail('EOPNOTSUPP', `${sim.state.platform.name} has no IOMMU paging domain to allocate for a platform-IOMMU parent`, 'drivers/iommu/iommu.c: __iommu_domain_alloc (from vhost_vdpa_alloc_domain)');
  }
  // vhost_vdpa_reset: in_batch = 0; the vqs were freed at the last release, so no CLEAN_MAP
  // flag: a plain ops->reset that leaves the parent's translation as it is.
  dev.inBatch = false;
  dev.backendFeatures = 0n;
  resetDevice(dev, spec, false);
  if (spec.mapOps === 'iommu') {
    // vhost_vdpa_alloc_domain: iommu_paging_domain_alloc + iommu_attach_device.
    dev.domain = true;
    for (let asid = 0; asid < spec.nas; asid++) dev.xlate.set(asid, defaultXlate(spec, asid, true));
  }
  dev.sinceReset = zeroSinceReset();
  const fd = sim.allocFd({ kind: 'vhost-vdpa', device: dev.id });
  dev.fd = fd;
  return fd;
}

/** The fd was closed (already removed from the fd table): vhost_vdpa_release. */
export function closeVhostVdpa(sim: Sim, fd: number, device: string): void {
  const dev = sim.state.vdpa.get(device);
  if (!dev || dev.fd !== fd) return;
  releaseDevice(dev, PARENTS[dev.parent]);
}
