// The whole topology graph of a state: the VFIO and iommufd objects (topology-vfio.ts,
// topology-iommufd.ts), vhost-vdpa, PASID / SVA and KVM's sPAPR TCE tables (topology-vdpa.ts,
// topology-sva.ts, topology-kvm.ts), the process when the scenario manages its memory, the open
// fds as small nodes pointing at what they refer to, and the scenario's handle names on every
// node they name.

import { hasKvm, hasSva, hasVdpa } from '../beyond/guards';
import { beyond } from '../beyond/registry';
import type { Sim } from '../sim/sim';
import type { FileState } from '../sim/state';
import { GraphBuilder } from './graph';
import { nodeId, spaceId } from './ids';
import { addIommufd } from './topology-iommufd';
import { addContainers, addDevicesAndGroups } from './topology-vfio';
import { count } from './text';
import type { TopoEdge, TopoNode } from './types';

/** The node an open file refers to, and the path user space opened. */
function fileTarget(sim: Sim, fd: number, f: FileState): { node: string; path: string } {
  switch (f.kind) {
    case 'vfio-container': return { node: nodeId.container(f.container), path: '/dev/vfio/vfio' };
    case 'vfio-group': return { node: nodeId.group(f.group), path: `/dev/vfio/${f.group}` };
    case 'iommufd': {
      const ctx = sim.state.ictxs.get(f.ictx);
      return { node: nodeId.iommufd(f.ictx), path: ctx?.viaVfioNode ? '/dev/vfio/vfio (iommufd)' : '/dev/iommu' };
    }
    case 'vfio-device':
      return {
        node: nodeId.device(f.device),
        path: f.via === 'cdev' ? `/dev/vfio/devices/${f.device}` : `VFIO_GROUP_GET_DEVICE_FD ${f.device}`,
      };
    case 'vhost-vdpa':
      return { node: nodeId.vdpa(f.device), path: `/dev/vhost-vdpa-${sim.state.vdpa.get(f.device)?.index ?? '?'}` };
    case 'uacce': {
      // The fd is the queue (uacce_fops_open made it); a queue the state no longer has points at the device.
      const path = `/dev/${sim.state.sva.devices.get(f.device)?.uacce ?? '?'}`;
      return { node: sim.state.sva.queues.has(fd) ? nodeId.uacceQueue(fd, f.device) : nodeId.device(f.device), path };
    }
    case 'kvm-spapr-tce': {
      const t = sim.state.kvm.tables.get(f.table);
      return { node: nodeId.liobn(f.table), path: `kvm-spapr-tce LIOBN ${t ? '0x' + t.liobn.toString(16) : '?'}` };
    }
    default: {
      const never: never = f;
      throw new Error(`unknown file ${JSON.stringify(never)}`);
    }
  }
}

function addProcess(sim: Sim, g: GraphBuilder): void {
  if (!sim.state.strictMemory) return;
  g.node({
    id: nodeId.process(), kind: 'process', label: 'process',
    detail: count(sim.state.vmas.size, 'mapping') + ' of user memory',
    attrs: { vmas: sim.state.vmas.size },
    spaces: [spaceId.process()],
  });
}

function addFds(sim: Sim, g: GraphBuilder): Map<number, string> {
  const byFd = new Map<number, string>();
  for (const [fd, f] of [...sim.state.files].sort((a, b) => a[0] - b[0])) {
    const t = fileTarget(sim, fd, f);
    const id = nodeId.fd(fd, t.node);
    g.node({ id, kind: 'fd', label: `fd ${fd}`, detail: t.path, attrs: { fd, path: t.path, refers_to: t.node } });
    g.edge('fd', id, t.node);
    byFd.set(fd, id);
  }
  return byFd;
}

/** A name an SVA op bound: the attach handle's PASID entry, the mm, or the device holding a global PASID. */
function svaHandle(sim: Sim, g: GraphBuilder, name: string): void {
  const n = sim.state.sva.names.get(name);
  if (!n || sim.idOf(name) !== (n.kind === 'global-pasid' ? n.pasid : n.id)) return;
  switch (n.kind) {
    case 'handle': {
      const h = sim.state.sva.handles.get(n.id);
      if (h) g.handle(nodeId.pasid(h.device, h.pasid), name);
      break;
    }
    case 'mm': g.handle(nodeId.mm(n.id), name); break;
    case 'global-pasid': g.handle(nodeId.device(n.device), name); break;
    default: {
      const never: never = n;
      throw new Error(`unknown SVA name ${JSON.stringify(never)}`);
    }
  }
}

/** Handle names go on the fd node and on the object behind it, so both answer "which is `container`?". */
function addHandles(sim: Sim, g: GraphBuilder, byFd: Map<number, string>): void {
  for (const [name, h] of sim.state.handles) {
    switch (h.kind) {
      case 'fd': {
        const fdNode = byFd.get(h.fd);
        const f = sim.file(h.fd);
        if (!fdNode || !f) break;
        g.handle(fdNode, name);
        g.handle(fileTarget(sim, h.fd, f).node, name);
        break;
      }
      case 'id': {
        if (h.ictx === null) {
          svaHandle(sim, g, name);
          break;
        }
        const ctx = sim.state.ictxs.get(h.ictx);
        const o = ctx?.objects.get(h.id);
        if (!ctx || !o) break;
        if (o.kind === 'ioas') g.handle(nodeId.ioas(ctx.id, o.id), name);
        else if (o.kind === 'hwpt_paging') g.handle(nodeId.hwpt(ctx.id, o.id), name);
        else g.handle(nodeId.device(o.device), name);
        break;
      }
      case 'addr':
        g.handle(nodeId.process(), name);
        break;
      default: {
        const never: never = h;
        throw new Error(`unknown handle ${JSON.stringify(never)}`);
      }
    }
  }
}

export function buildTopology(sim: Sim): { nodes: TopoNode[]; edges: TopoEdge[] } {
  const g = new GraphBuilder();
  addDevicesAndGroups(sim, g);
  addContainers(sim, g);
  addIommufd(sim, g);
  // Beyond VFIO (core/beyond): each family draws nothing while the state holds none of it.
  if (hasVdpa(sim)) beyond().addVdpa(sim, g);
  if (hasSva(sim)) beyond().addSva(sim, g);
  if (hasKvm(sim)) beyond().addKvm(sim, g);
  addProcess(sim, g);
  const byFd = addFds(sim, g);
  addHandles(sim, g, byFd);
  return g.build();
}
