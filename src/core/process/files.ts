// open(2) / close(2): routes device nodes to the family that owns them.

import { hasKvm, hasUacceNode } from '../beyond/guards';
import { beyond } from '../beyond/registry';
import { fail, ok } from '../errno';
import type { StepOutcome } from '../errno';
import { closeIommufdFile, closeDeviceFile, openDeviceCdev, openIommufd } from '../iommufd/files';
import type { Handler } from '../sim/handler';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import type { FileState } from '../sim/state';
import { closeContainerFile, closeGroupFile, openContainer, openGroup } from '../vfio/files';
import { closeGroupDeviceFile } from '../vfio/group-device';

const OPEN_SRC = 'fs/open.c: do_sys_open';

export const open: Handler = (sim, step) => {
  const path = arg.str(step, 'path');
  const r = openPath(sim, path, step.device as string | undefined);
  if (typeof r !== 'number') return r;
  sim.bind(step.as, { kind: 'fd', fd: r });
  return ok({ fd: r });
};

function openPath(sim: Sim, path: string, device: string | undefined): number | StepOutcome {
  if (path === '/dev/vfio/vfio') {
    // With CONFIG_IOMMUFD_VFIO_CONTAINER the node is provided by iommufd itself.
    return sim.state.kernel.vfio_container === 'iommufd' ? openIommufd(sim, true) : openContainer(sim);
  }
  if (path === '/dev/iommu') return openIommufd(sim, false);
  const group = /^\/dev\/vfio\/(\d+)$/.exec(path);
  if (group) {
    // Only a KVM VM with state can hold the group's file (groupHeldOpen answers null otherwise).
    const held = hasKvm(sim) ? beyond().groupHeldOpen(sim, Number(group[1])) : null;
    return held ?? openGroup(sim, Number(group[1]));
  }
  const cdev = /^\/dev\/vfio\/devices\/([^/]+)$/.exec(path);
  if (cdev) {
    if (!sim.state.platform.vfioCdev) {
      return fail('ENOENT', `${sim.state.platform.name} has no VFIO device cdevs (VFIO_DEVICE_CDEV depends on !SPAPR_TCE_IOMMU)`, 'drivers/vfio/Kconfig: VFIO_DEVICE_CDEV');
    }
    const id = device ?? cdev[1]!;
    if (!sim.state.devices.has(id)) return fail('ENOENT', `no device "${id}" in this scenario's devices`, OPEN_SRC);
    return openDeviceCdev(sim, id);
  }
  const vhost = /^\/dev\/vhost-vdpa-(\d+)$/.exec(path);
  // A vhost-vdpa path makes the scenario needsBeyond (beyond/needs.ts): the code is loaded.
  if (vhost) return beyond().openVhostVdpa(sim, Number(vhost[1]), device);
  // Without a uacce node no path names one (uacceDeviceForPath would answer null).
  const acc = hasUacceNode(sim) ? beyond().uacceDeviceForPath(sim, path) : null;
  if (acc) {
    const q = beyond().openUacce(sim, acc);
    return 'fd' in q ? q.fd : q;
  }
  return fail('ENOENT', `no such device node: ${path}`, OPEN_SRC);
}

export const close: Handler = (sim, step) => closeFd(sim, sim.fdOf(step.fd));

/** close(2) of one fd; also exit_files (src/core/sva: process_exit of the scenario's process). */
export function closeFd(sim: Sim, fd: number): StepOutcome {
  const file = sim.file(fd);
  if (!file) return fail('EBADF', `fd ${fd} is not open`, 'fs/open.c: close_fd');
  sim.state.files.delete(fd);
  switch (file.kind) {
    case 'vfio-container': closeContainerFile(sim, fd, file.container); break;
    case 'vfio-group':
      // The kvm-vfio device may hold the group file (KVM_DEV_VFIO_GROUP_ADD): then it is not released.
      if (!kvmKeepsFile(sim, fd, file)) closeGroupFile(sim, fd, file.group);
      break;
    case 'iommufd': closeIommufdFile(sim, fd, file.ictx); break;
    case 'vfio-device':
      kvmKeepsFile(sim, fd, file);
      if (file.via === 'group') closeGroupDeviceFile(sim, fd, file.device);
      else closeDeviceFile(sim, fd, file.device);
      break;
    // Files only the beyond-VFIO code creates: it is loaded.
    case 'kvm-spapr-tce': return beyond().closeTableFile(sim, fd, file.table);
    case 'vhost-vdpa': beyond().closeVhostVdpa(sim, fd, file.device); break;
    case 'uacce': beyond().closeUacce(sim, fd); break;
    default: {
      const never: never = file;
      throw new Error(`unhandled file kind ${JSON.stringify(never)}`);
    }
  }
  return ok();
}

/** kvmKeepsFileOnClose: false, touching nothing, while the kvm-vfio device holds no file. */
function kvmKeepsFile(sim: Sim, fd: number, file: FileState): boolean {
  return hasKvm(sim) && beyond().kvmKeepsFileOnClose(sim, fd, file);
}
