// Container and group ioctls. Container ioctls on an iommufd fd go to iommufd/compat.ts; on a
// legacy container they go to its backend (type1 here, sPAPR in spapr.ts).

import type { StepOutcome } from '../errno';
import { fail, ok } from '../errno';
import type { CompatOp } from '../iommufd/compat';
import { compatIoctl, compatSetContainer } from '../iommufd/compat';
import type { Step } from '../scenario/types';
import type { Handler, HandlerTable } from '../sim/handler';
import type { Sim } from '../sim/sim';
import type { ContainerState } from '../sim/state';
import type { VfioIommuType } from './container';
import { containerAttachGroup, containerSetIommu } from './container';
import { isFail, openedFile } from './fdget';
import { detachGroupFromAny } from './files';
import type { ForeignOp } from './foreign';
import { foreignIoctl } from './foreign';
import { getDeviceFd, unsetBusy } from './group-device';
import type { SpaprOp } from './spapr';
import { spaprIoctl } from './spapr';
import { type1GetInfo, type1MapDma, type1UnmapDma } from './type1-dma';

type VfioOps =
  | 'VFIO_GROUP_SET_CONTAINER' | 'VFIO_GROUP_UNSET_CONTAINER' | 'VFIO_GROUP_GET_DEVICE_FD' | 'VFIO_SET_IOMMU' | 'VFIO_IOMMU_GET_INFO'
  | 'VFIO_IOMMU_MAP_DMA' | 'VFIO_IOMMU_UNMAP_DMA' | 'VFIO_IOMMU_SPAPR_REGISTER_MEMORY'
  | 'VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY' | 'VFIO_IOMMU_SPAPR_TCE_CREATE' | 'VFIO_IOMMU_SPAPR_TCE_REMOVE';

const GROUP_SRC = 'drivers/vfio/group.c';

// ---------------------------------------------------------------- group ioctls

const setContainer: Handler = (sim, step) => {
  const gf = openedFile(sim, step.fd);
  if (isFail(gf)) return gf;
  if (gf.file.kind !== 'vfio-group') return foreignIoctl(sim, gf.file, step.op as ForeignOp, step);
  const group = gf.file.group;
  const g = sim.state.groups.get(group);
  if (!g) return fail('ENODEV', `group ${group} has no IOMMU group`, `${GROUP_SRC}: vfio_group_ioctl_set_container`);
  const cf = openedFile(sim, step.container);
  if (isFail(cf)) return fail('EBADF', `the container argument (fd ${sim.fdOf(step.container)}) is not an open fd`, `${GROUP_SRC}: vfio_group_ioctl_set_container`);
  if (g.container) {
    return fail('EINVAL', `group ${group} is already attached to ${g.container.kind === 'container' ? 'a container' : 'an iommufd'}`, `${GROUP_SRC}: vfio_group_ioctl_set_container`);
  }
  switch (cf.file.kind) {
    case 'vfio-container': {
      const c = sim.state.containers.get(cf.file.container);
      if (!c) throw new Error(`container ${cf.file.container} of fd ${cf.fd} is missing`);
      return containerAttachGroup(sim, c, group);
    }
    case 'iommufd':
      return compatSetContainer(sim, group, cf.file.ictx);
    case 'vfio-group':
    case 'vfio-device':
    case 'kvm-spapr-tce':
    case 'vhost-vdpa':
    case 'uacce':
      return fail('EBADFD', `fd ${cf.fd} is a ${cf.file.kind.slice(5)} fd, neither a VFIO container nor an iommufd`, `${GROUP_SRC}: vfio_group_ioctl_set_container`);
    default: {
      const never: never = cf.file;
      return never;
    }
  }
};

const unsetContainer: Handler = (sim, step) => {
  const gf = openedFile(sim, step.fd);
  if (isFail(gf)) return gf;
  if (gf.file.kind !== 'vfio-group') return foreignIoctl(sim, gf.file, step.op as ForeignOp, step);
  const group = gf.file.group;
  const g = sim.state.groups.get(group);
  if (!g?.container) return fail('EINVAL', `group ${group} is not attached to a container or an iommufd`, `${GROUP_SRC}: vfio_group_ioctl_unset_container`);
  // Legacy container: EBUSY while a device fd of the group is open (container_users != 1). On an
  // iommufd the kernel has no such check: the group leaves and its open devices stay bound.
  const busy = unsetBusy(sim, g);
  if (busy) return busy;
  detachGroupFromAny(sim, group);
  return ok();
};

// ---------------------------------------------------------------- container ioctls

type ContainerTarget = { kind: 'container'; c: ContainerState } | { kind: 'iommufd'; ictx: number };

/** The container behind step.fd, or the outcome of the ioctl on whatever file it is. */
function containerTarget(sim: Sim, step: Step): ContainerTarget | StepOutcome {
  const f = openedFile(sim, step.fd);
  if (isFail(f)) return f;
  switch (f.file.kind) {
    case 'vfio-container': {
      const c = sim.state.containers.get(f.file.container);
      if (!c) throw new Error(`container ${f.file.container} of fd ${f.fd} is missing`);
      return { kind: 'container', c };
    }
    case 'iommufd':
      return { kind: 'iommufd', ictx: f.file.ictx };
    case 'vfio-group':
    case 'vfio-device':
    case 'kvm-spapr-tce':
    case 'vhost-vdpa':
    case 'uacce':
      return foreignIoctl(sim, f.file, step.op as ForeignOp, step);
    default: {
      const never: never = f.file;
      return never;
    }
  }
}

const NO_BACKEND = 'drivers/vfio/container.c: vfio_fops_unl_ioctl';

const setIommu: Handler = (sim, step) => {
  const t = containerTarget(sim, step);
  if ('ok' in t) return t;
  if (t.kind === 'iommufd') return compatIoctl(sim, 'VFIO_SET_IOMMU', step, t.ictx);
  return containerSetIommu(sim, t.c, step.type as VfioIommuType);
};

/** GET_INFO / MAP_DMA / UNMAP_DMA: type1, sPAPR or iommufd compat. */
function dmaIoctl(op: CompatOp & SpaprOp): Handler {
  return (sim, step) => {
    const t = containerTarget(sim, step);
    if ('ok' in t) return t;
    if (t.kind === 'iommufd') return compatIoctl(sim, op, step, t.ictx);
    const iommu = t.c.iommu;
    if (!iommu) return fail('EINVAL', 'no IOMMU backend is set on this container (VFIO_SET_IOMMU needs a group first; the last group leaving releases it)', NO_BACKEND);
    switch (iommu.kind) {
      case 'spapr':
        return spaprIoctl(sim, iommu, op, step, t.c.groups);
      case 'type1':
        switch (op) {
          case 'VFIO_IOMMU_GET_INFO': return type1GetInfo(iommu);
          case 'VFIO_IOMMU_MAP_DMA': return type1MapDma(sim, iommu, step);
          case 'VFIO_IOMMU_UNMAP_DMA': return type1UnmapDma(iommu, step);
          default: {
            const never: never = op;
            return never;
          }
        }
      default: {
        const never: never = iommu;
        return never;
      }
    }
  };
}

/** sPAPR-only container ioctls: type1's default case (ENOTTY, but see foreign.ts) and iommufd compat's -ENOIOCTLCMD. */
function spaprOnly(op: Exclude<SpaprOp, CompatOp>): Handler {
  return (sim, step) => {
    const t = containerTarget(sim, step);
    if ('ok' in t) return t;
    if (t.kind === 'iommufd') {
      return fail('ENOTTY', `${op} is a sPAPR ioctl; iommufd's VFIO compatibility implements only type1 (-ENOIOCTLCMD)`, 'drivers/iommu/iommufd/vfio_compat.c: iommufd_vfio_ioctl');
    }
    const iommu = t.c.iommu;
    if (!iommu) return fail('EINVAL', 'no IOMMU backend is set on this container', NO_BACKEND);
    switch (iommu.kind) {
      case 'spapr': return spaprIoctl(sim, iommu, op, step, t.c.groups);
      // type1 does not know the sPAPR ioctls, but one of their numbers means something to it.
      case 'type1': return foreignIoctl(sim, { kind: 'vfio-container', container: t.c.id }, op, step);
      default: {
        const never: never = iommu;
        return never;
      }
    }
  };
}

export const vfioHandlers: Pick<HandlerTable, VfioOps> = {
  VFIO_GROUP_SET_CONTAINER: setContainer,
  VFIO_GROUP_UNSET_CONTAINER: unsetContainer,
  VFIO_GROUP_GET_DEVICE_FD: getDeviceFd,
  VFIO_SET_IOMMU: setIommu,
  VFIO_IOMMU_GET_INFO: dmaIoctl('VFIO_IOMMU_GET_INFO'),
  VFIO_IOMMU_MAP_DMA: dmaIoctl('VFIO_IOMMU_MAP_DMA'),
  VFIO_IOMMU_UNMAP_DMA: dmaIoctl('VFIO_IOMMU_UNMAP_DMA'),
  VFIO_IOMMU_SPAPR_REGISTER_MEMORY: spaprOnly('VFIO_IOMMU_SPAPR_REGISTER_MEMORY'),
  VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY: spaprOnly('VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY'),
  VFIO_IOMMU_SPAPR_TCE_CREATE: spaprOnly('VFIO_IOMMU_SPAPR_TCE_CREATE'),
  VFIO_IOMMU_SPAPR_TCE_REMOVE: spaprOnly('VFIO_IOMMU_SPAPR_TCE_REMOVE'),
};
