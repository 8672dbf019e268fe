// VFIO_GROUP_GET_DEVICE_FD and the device files it returns (drivers/vfio/group.c:
// vfio_group_ioctl_get_device_fd, vfio_df_group_open / vfio_df_group_close; vfio_main.c:
// vfio_df_open / vfio_df_close; container.c: vfio_group_use_container; iommufd.c:
// vfio_iommufd_compat_attach_ioas). Read from Linux 6.12.
//
// The group path may open one device many times (device->open_count). Only the first open does
// the work and only the last close undoes it:
//  - legacy container: vfio_group_use_container needs an IOMMU driver (EINVAL before
//    VFIO_SET_IOMMU), then container_users++ and a reference on the group file, so the group can
//    neither leave its container (UNSET_CONTAINER: EBUSY) nor be released by closing its fd;
//  - iommufd: the device is bound (iommufd_device_bind) and attached to the compat IOAS, and
//    holds the iommufd itself; the group may leave the iommufd meanwhile, the device stays.

import type { StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import { compatOpenDevice } from '../iommufd/compat';
import { compatBinding, unbindDevice } from '../iommufd/device';
import { maybeRelease } from '../iommufd/files';
import { isFail as isObjFail } from '../iommufd/objects';
import type { Handler } from '../sim/handler';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import type { DeviceState, GroupState } from '../sim/state';
import { isFail, openedFile } from './fdget';
import { detachGroupFromAny } from './files';
import type { ForeignOp } from './foreign';
import { foreignIoctl } from './foreign';
import { containerUsers, groupDeviceFds } from './group-users';

const SRC = 'drivers/vfio/group.c';

/**
 * vfio_device_get_from_name: the group's device whose name matches. vfio-pci matches the PCI
 * name (the BDF); a scenario may also give the device's scenario id. Not in this group: ENODEV.
 */
function deviceByName(sim: Sim, g: GroupState, name: string): DeviceState | null {
  for (const id of g.devices) {
    const d = sim.state.devices.get(id);
    if (d && (d.id === name || d.bdf === name)) return d;
  }
  return null;
}

export const getDeviceFd: Handler = (sim, step) => {
  const gf = openedFile(sim, step.fd);
  if (isFail(gf)) return gf;
  if (gf.file.kind !== 'vfio-group') return foreignIoctl(sim, gf.file, step.op as ForeignOp, step);
  const g = sim.state.groups.get(gf.file.group);
  if (!g) throw new Error(`group ${gf.file.group} of fd ${gf.fd} is missing`);
  const name = arg.str(step, 'device');
  // The name is looked up before anything else, so an unknown name is ENODEV even on a group
  // without a container.
  if (sim.state.platform.mock) {
    // Simulator convention: selftest mock devices live on the iommufd selftest's bus, not in a
    // VFIO group, so no group has a vfio_device to return (the fixture binds them at SET_CONTAINER).
    return fail('ENODEV', `${sim.state.platform.name}: the selftest's mock devices are not VFIO devices, so group ${g.num} has no device "${name}" to open (SET_CONTAINER already bound and attached them, as the selftest fixture does)`, `${SRC}: vfio_device_get_from_name`);
  }
  const d = deviceByName(sim, g, name);
  if (!d) {
    const other = [...sim.state.devices.values()].find((x) => x.id === name || x.bdf === name);
    const why = other ? `device ${other.id} (${other.bdf}) belongs to group ${other.group}, not ${g.num}` : `no device of group ${g.num} is named "${name}"`;
    return fail('ENODEV', why, `${SRC}: vfio_device_get_from_name`);
  }
  const ref = g.container;
  if (!ref) {
    return fail('EINVAL', `group ${g.num} is attached to neither a container nor an iommufd (VFIO_GROUP_SET_CONTAINER first)`, `${SRC}: vfio_df_group_open`);
  }
  // device->open_count != 0: vfio_df_open only counts the new file (the group path allows it).
  if (groupDeviceFds(sim, d.id).length === 0) {
    switch (ref.kind) {
      case 'container': {
        const c = sim.state.containers.get(ref.id);
        if (!c?.iommu) {
          return fail('EINVAL', `the container of group ${g.num} has no IOMMU driver yet: VFIO_SET_IOMMU must come before a device is opened`, 'drivers/vfio/container.c: vfio_group_use_container');
        }
        break; // container_users++ and the group file reference are derived from the new file.
      }
      case 'iommufd': {
        const dev = compatOpenDevice(sim, ref.ictx, d.id);
        if (isObjFail(dev)) return dev;
        break;
      }
      default: {
        const never: never = ref;
        return never;
      }
    }
  }
  const fd = sim.allocFd({ kind: 'vfio-device', device: d.id, via: 'group' });
  sim.bind(step.as, { kind: 'fd', fd });
  return ok({ fd });
};

/**
 * close() of a device fd from VFIO_GROUP_GET_DEVICE_FD (the file is already out of the fd table):
 * vfio_df_group_close. The last close of the device undoes its first open: the compat binding is
 * unbound (and its reference on the iommufd dropped), or the container use is dropped together
 * with the group file reference, which releases the group if its own fd was closed already.
 */
export function closeGroupDeviceFile(sim: Sim, fd: number, device: string): void {
  void fd;
  const d = sim.state.devices.get(device);
  if (!d || groupDeviceFds(sim, device).length > 0) return;
  const b = compatBinding(sim, device);
  if (b) {
    unbindDevice(sim, b.ctx, b.dev);
    maybeRelease(sim, b.ctx);
    return;
  }
  const g = sim.state.groups.get(d.group);
  // fput(group->opened_file): the last reference runs vfio_group_fops_release.
  if (g && g.fd === null && g.container?.kind === 'container' && containerUsers(sim, g) === 1) detachGroupFromAny(sim, g.num);
}

/** UNSET_CONTAINER's busy check: device fds of the group opened through its legacy container. */
export function unsetBusy(sim: Sim, g: GroupState): StepOutcome | null {
  const users = containerUsers(sim, g);
  if (users <= 1) return null;
  const open = g.devices.filter((x) => groupDeviceFds(sim, x).length > 0);
  return fail('EBUSY', `group ${g.num} is in use by ${open.length === 1 ? 'device' : 'devices'} ${open.join(', ')} (an open device fd; container_users = ${users})`, `${SRC}: vfio_group_ioctl_unset_container`);
}
