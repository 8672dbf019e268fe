// Opening and closing VFIO container and group nodes (drivers/vfio/container.c, group.c).

import type { StepOutcome } from '../errno';
import { fail } from '../errno';
import { compatUnsetContainer } from '../iommufd/compat';
import { cdevBinding } from '../iommufd/device';
import type { Sim } from '../sim/sim';
import { containerDetachGroup, dropContainerRef, newContainer } from './container';
import { containerUsers } from './group-users';

/** open("/dev/vfio/vfio") with the legacy container: a new empty container; returns the fd. */
export function openContainer(sim: Sim): number | StepOutcome {
  const c = newContainer(sim);
  return sim.allocFd({ kind: 'vfio-container', container: c.id });
}

/** open("/dev/vfio/<n>"): ENOENT for an unknown group, EBUSY when already open; returns the fd. */
export function openGroup(sim: Sim, num: number): number | StepOutcome {
  const g = sim.state.groups.get(num);
  if (!g) {
    return fail('ENOENT', `no IOMMU group ${num} among this scenario's devices (no /dev/vfio/${num} node)`, 'fs/open.c: do_sys_open');
  }
  // A device of the group bound through its cdev (vfio_device_block_group at
  // VFIO_DEVICE_BIND_IOMMUFD) keeps the legacy group interface closed: cdev_device_open_cnt.
  // A device bound through the compat path (GET_DEVICE_FD) does not count.
  const bound = g.devices.find((d) => cdevBinding(sim, d));
  if (bound) {
    return fail('EBUSY', `device ${bound} of group ${num} is bound to an iommufd through its cdev; the group node is blocked`, 'drivers/vfio/group.c: vfio_group_fops_open');
  }
  if (g.fd !== null) {
    return fail('EBUSY', `group ${num} is already open (fd ${g.fd}); a group can be opened once`, 'drivers/vfio/group.c: vfio_group_fops_open');
  }
  if (containerUsers(sim, g) > 1) {
    return fail('EBUSY', `group ${num}'s file is still open: its fd was closed, but a device fd obtained through the group holds it (vfio_group_use_container took a reference)`, 'drivers/vfio/group.c: vfio_group_fops_open');
  }
  const fd = sim.allocFd({ kind: 'vfio-group', group: num });
  g.fd = fd;
  return fd;
}

/** The container fd was closed (the file is already removed from the fd table). */
export function closeContainerFile(sim: Sim, fd: number, container: number): void {
  void fd;
  const c = sim.state.containers.get(container);
  if (c) dropContainerRef(sim, c);
}

/**
 * The group fd was closed. When the file is released (vfio_group_fops_release) the group leaves
 * its container exactly as VFIO_GROUP_UNSET_CONTAINER would make it (vfio_group_detach_container),
 * or its iommufd. With a legacy container, device fds of the group hold the file (get_file in
 * vfio_group_use_container): then the release waits for the last of them (group-device.ts).
 * Device fds on an iommufd group hold no group reference: the group leaves at once and they stay.
 */
export function closeGroupFile(sim: Sim, fd: number, group: number): void {
  const g = sim.state.groups.get(group);
  if (!g) return;
  if (g.fd === fd) g.fd = null;
  if (containerUsers(sim, g) > 1) return;
  detachGroupFromAny(sim, group);
}

/** Shared by UNSET_CONTAINER and group close: leave the legacy container or the iommufd. */
export function detachGroupFromAny(sim: Sim, group: number): void {
  const g = sim.state.groups.get(group);
  const ref = g?.container;
  if (!g || !ref) return;
  switch (ref.kind) {
    case 'container': {
      const c = sim.state.containers.get(ref.id);
      if (c) containerDetachGroup(sim, c, group);
      else g.container = null;
      break;
    }
    case 'iommufd':
      // The compat layer reads g.container during the call; cleared afterwards.
      compatUnsetContainer(sim, group);
      g.container = null;
      break;
    default: {
      const never: never = ref;
      throw new Error(`unknown group container ${JSON.stringify(never)}`);
    }
  }
}
