// Who holds a VFIO group (drivers/vfio/group.c, container.c), derived from the fd table so it
// cannot drift: device fds obtained with VFIO_GROUP_GET_DEVICE_FD are the 'vfio-device' files
// with via 'group'. A leaf module (state reads only): the iommufd code imports it too.

import type { Sim } from '../sim/sim';
import type { GroupState } from '../sim/state';

/**
 * The open device files of `device` obtained through its group: device->open_count on the group
 * path (the group path may open one device many times; only the first open binds or uses the
 * container, only the last close undoes it).
 */
export function groupDeviceFds(sim: Sim, device: string): number[] {
  const out: number[] = [];
  for (const [fd, f] of sim.state.files) if (f.kind === 'vfio-device' && f.via === 'group' && f.device === device) out.push(fd);
  return out;
}

/**
 * group->container_users: 1 from VFIO_GROUP_SET_CONTAINER with a legacy container, plus one per
 * device of the group that is open (vfio_group_use_container at the device's first open, undone
 * at its last close). 0 when the group is not in a legacy container: on an iommufd, device opens
 * do not count, so they never make UNSET_CONTAINER busy.
 */
export function containerUsers(sim: Sim, g: GroupState): number {
  if (g.container?.kind !== 'container') return 0;
  return 1 + g.devices.filter((d) => groupDeviceFds(sim, d).length > 0).length;
}

/**
 * group->opened_file is set: the user's group fd is open, or (legacy container only) a device fd
 * still holds the group file, which vfio_group_use_container took with get_file. Such a group
 * stays attached after its fd is closed; vfio_group_fops_release runs at the last device close.
 */
export function groupFileOpen(sim: Sim, g: GroupState): boolean {
  return g.fd !== null || containerUsers(sim, g) > 1;
}
