// The legacy VFIO container (drivers/vfio/container.c): groups join and leave, VFIO_SET_IOMMU
// picks the backend, and the backend lives only as long as some group is attached.
//
// Seed 004 in one sentence (Alex Williamson, 2016): "the container is privileged by the groups
// being attached to it ... once the container group list is empty the iommu backend is released
// and iommu_data is NULL. A container reference doesn't give you what you're looking for."
// So the container fd keeps the (empty) container object alive, never the backend.

import type { StepFail, StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import type { Sim } from '../sim/sim';
import type { ContainerIommu, ContainerState, SpaprState, Type1State } from '../sim/state';
import { spaprAttachGroup, spaprDetachGroup, spaprOpen, spaprRelease } from './spapr';
import { type1AttachGroup, type1DetachGroup, type1Name, type1Open, type1Release } from './type1';

const SRC = 'drivers/vfio/container.c';

export type VfioIommuType = 'VFIO_TYPE1_IOMMU' | 'VFIO_TYPE1v2_IOMMU' | 'VFIO_SPAPR_TCE_IOMMU' | 'VFIO_SPAPR_TCE_v2_IOMMU' | 'VFIO_NOIOMMU_IOMMU';

export function iommuName(iommu: ContainerIommu): string {
  switch (iommu.kind) {
    case 'type1': return type1Name(iommu);
    case 'spapr': return iommu.v2 ? 'VFIO_SPAPR_TCE_v2_IOMMU' : 'VFIO_SPAPR_TCE_IOMMU';
    default: {
      const never: never = iommu;
      return never;
    }
  }
}

function shortName(iommu: ContainerIommu): string {
  return iommu.kind === 'type1' ? (iommu.v2 ? 'type1v2' : 'type1') : iommu.v2 ? 'spapr-tce-v2' : 'spapr-tce';
}

/** vfio_fops_open: an empty container, no groups, no driver. */
export function newContainer(sim: Sim): ContainerState {
  const c: ContainerState = { id: sim.state.nextContainerId++, groups: [], fdRefs: 1, iommu: null, history: [], bugs: [] };
  sim.state.containers.set(c.id, c);
  return c;
}

/** The container object is freed (kref) when no fd and no group refers to it any more. */
function maybeFree(sim: Sim, c: ContainerState): void {
  if (c.fdRefs <= 0 && c.groups.length === 0) sim.state.containers.delete(c.id);
}

/** vfio_fops_release: only drops a reference; attached groups keep the container and backend. */
export function dropContainerRef(sim: Sim, c: ContainerState): void {
  c.fdRefs--;
  maybeFree(sim, c);
}

/** driver->ops->attach_group for whichever backend the container has. */
function backendAttach(sim: Sim, iommu: ContainerIommu, group: number, others: readonly number[]): StepFail | null {
  switch (iommu.kind) {
    case 'type1': return type1AttachGroup(sim, iommu, group);
    case 'spapr': return spaprAttachGroup(sim, iommu, group, others);
    default: {
      const never: never = iommu;
      return never;
    }
  }
}

function backendDetach(sim: Sim, iommu: ContainerIommu, group: number, last: boolean): void {
  switch (iommu.kind) {
    case 'type1': type1DetachGroup(sim, iommu, group); break;
    case 'spapr': spaprDetachGroup(sim, iommu, group, last); break;
    default: {
      const never: never = iommu;
      throw new Error(`unknown backend ${JSON.stringify(never)}`);
    }
  }
}

function backendRelease(sim: Sim, iommu: ContainerIommu): void {
  switch (iommu.kind) {
    case 'type1': type1Release(iommu); break;
    case 'spapr': spaprRelease(sim, iommu); break;
    default: {
      const never: never = iommu;
      throw new Error(`unknown backend ${JSON.stringify(never)}`);
    }
  }
}

/**
 * vfio_container_attach_group (VFIO_GROUP_SET_CONTAINER with a container fd). With a backend
 * already set the group is attached to it at once, and its refusal is the ioctl's errno.
 */
export function containerAttachGroup(sim: Sim, c: ContainerState, group: number): StepOutcome {
  // iommu_group_claim_dma_owner: a group with a device bound to an iommufd (through its cdev, or
  // through the compat path: a device fd still open after the group left its iommufd) is owned
  // by that iommufd. 6.12: `if (group->owner_cnt) { ret = -EPERM;`.
  const g = sim.state.groups.get(group);
  const bound = g?.devices.find((d) => sim.state.devices.get(d)?.bound);
  if (bound) {
    return fail('EPERM', `device ${bound} of group ${group} is bound to an iommufd, which owns the group's DMA`, 'drivers/iommu/iommu.c: iommu_group_claim_dma_owner');
  }
  if (c.iommu) {
    const err = backendAttach(sim, c.iommu, group, c.groups);
    if (err) return err;
  }
  c.groups.push(group);
  if (g) g.container = { kind: 'container', id: c.id };
  return ok();
}

/**
 * vfio_group_detach_container (UNSET_CONTAINER, or closing the group fd): the backend detaches
 * the group; if it was the last group the backend is released and the container is back to
 * "no IOMMU set" (the heart of seed 004).
 */
export function containerDetachGroup(sim: Sim, c: ContainerState, group: number): void {
  const g = sim.state.groups.get(group);
  c.groups = c.groups.filter((x) => x !== group);
  if (g) g.container = null;
  const iommu = c.iommu;
  if (iommu) {
    // Counted before the detach: type1 already unmaps everything when its last domain goes.
    const dropped = iommu.kind === 'type1' ? iommu.dmas.size : null;
    backendDetach(sim, iommu, group, c.groups.length === 0);
    if (c.groups.length === 0) {
      backendRelease(sim, iommu);
      c.iommu = null;
      const what = dropped === null ? '' : `, ${dropped} mapping${dropped === 1 ? '' : 's'} dropped`;
      // Kernel-bug findings (sPAPR: TCEs past a table, the pinned memory leaked at release) stay
      // with the container: the backend is gone, the leak is not.
      const found = iommu.kind === 'spapr' ? iommu.bugs : [];
      const flagged = found.length ? `, ${found.length} kernel bug${found.length === 1 ? '' : 's'} flagged` : '';
      c.bugs.push(...found);
      c.history.push(`${shortName(iommu)} released: last group ${group} left${what}${flagged}`);
    }
  }
  maybeFree(sim, c);
}

/**
 * vfio_ioctl_set_iommu: needs a group and no driver yet; then the first registered driver that
 * takes `type` opens a backend and attaches every group (in group_list order, newest first);
 * any attach failure unwinds and the driver is skipped, leaving that errno (ENODEV if no driver
 * takes the type at all).
 */
export function containerSetIommu(sim: Sim, c: ContainerState, type: VfioIommuType): StepOutcome {
  const fn = `${SRC}: vfio_ioctl_set_iommu`;
  if (c.groups.length === 0) return fail('EINVAL', 'the container has no group: only adding a group grants the privilege of setting an IOMMU', fn);
  if (c.iommu) return fail('EINVAL', `an IOMMU backend (${iommuName(c.iommu)}) is already set`, fn);
  const ppc = sim.state.platform.spapr !== null;
  let iommu: Type1State | SpaprState;
  switch (type) {
    case 'VFIO_TYPE1_IOMMU':
    case 'VFIO_TYPE1v2_IOMMU':
      // VFIO_IOMMU_TYPE1 is built for x86 / ARM (Kconfig); PPC registers only the sPAPR driver.
      if (ppc) return fail('ENODEV', `no registered VFIO IOMMU driver takes ${type} on ${sim.state.platform.name} (only the sPAPR TCE driver is built on PPC)`, fn);
      iommu = type1Open(sim, type === 'VFIO_TYPE1v2_IOMMU');
      break;
    case 'VFIO_SPAPR_TCE_IOMMU':
    case 'VFIO_SPAPR_TCE_v2_IOMMU':
      if (!ppc) return fail('ENODEV', `no registered VFIO IOMMU driver takes ${type} on ${sim.state.platform.name} (the sPAPR TCE driver exists only on PPC)`, fn);
      iommu = spaprOpen(sim, type === 'VFIO_SPAPR_TCE_v2_IOMMU');
      break;
    case 'VFIO_NOIOMMU_IOMMU':
      return fail('ENODEV', 'no registered driver takes VFIO_NOIOMMU_IOMMU (enable_unsafe_noiommu_mode is off, and this container holds IOMMU-backed groups)', fn);
    default: {
      const never: never = type;
      return never;
    }
  }
  // __vfio_container_attach_groups walks group_list, where list_add put the newest group first.
  const order = [...c.groups].reverse();
  const done: number[] = [];
  for (const group of order) {
    const err = backendAttach(sim, iommu, group, done);
    if (err) {
      for (let i = done.length - 1; i >= 0; i--) backendDetach(sim, iommu, done[i]!, i === 0);
      backendRelease(sim, iommu);
      return err;
    }
    done.push(group);
  }
  c.iommu = iommu;
  c.history.push(`${type} set with group${c.groups.length === 1 ? '' : 's'} ${[...c.groups].sort((a, b) => a - b).join(', ')}`);
  return ok();
}
