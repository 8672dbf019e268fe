// Opening and closing VFIO container and group nodes (drivers/vfio/container.c, group.c).
// STUB: implemented by the VFIO legacy work.
import type { StepOutcome } from '../errno';
import type { Sim } from '../sim/sim';

/** open("/dev/vfio/vfio") with the legacy container: a new empty container; returns the fd. */
export function openContainer(sim: Sim): number | StepOutcome {
  void sim;
  throw new Error('not implemented: openContainer');
}

/** open("/dev/vfio/<n>"): ENOENT for an unknown group, EBUSY when already open; returns the fd. */
export function openGroup(sim: Sim, num: number): number | StepOutcome {
  void sim; void num;
  throw new Error('not implemented: openGroup');
}

/** The container fd was closed (the file is already removed from the fd table). */
export function closeContainerFile(sim: Sim, fd: number, container: number): void {
  void sim; void fd; void container;
  throw new Error('not implemented: closeContainerFile');
}

/** The group fd was closed: detaches the group from its container (vfio_group_fops_release). */
export function closeGroupFile(sim: Sim, fd: number, group: number): void {
  void sim; void fd; void group;
  throw new Error('not implemented: closeGroupFile');
}
