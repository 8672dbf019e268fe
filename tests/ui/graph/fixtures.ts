// Synthetic view-model snapshots shaped like the worker's (src/core/view/types.ts), for the
// graph's and the inspector's pure tests: a small type1 story step by step, and a large
// iommufd machine (hundreds of objects) for layout timing.

import type { AddressSpaceView, Snapshot, StepChanges, TopoEdge, TopoNode } from '../../../src/core/view/types';

export const NO_CHANGES: StepChanges = { addedNodes: [], removedNodes: [], changedNodes: [], ranges: [], summary: [] };

function edge(kind: TopoEdge['kind'], source: string, target: string, label?: string): TopoEdge {
  return { id: `${kind}:${source}->${target}`, kind, source, target, ...(label ? { label } : {}) };
}

const dev = (id: string, bdf: string, group: number): TopoNode => ({
  id: `device:${id}`, kind: 'device', label: id, detail: `${bdf} · group ${group}`, attrs: { bdf, group, kind: 'pci' },
});
const group = (n: number, extra: Partial<TopoNode> = {}): TopoNode => ({
  id: `group:${n}`, kind: 'group', label: `group ${n}`, detail: `/dev/vfio/${n}`, attrs: { num: n }, ...extra,
});

/**
 * A type1 story: 0 open container, 1 open group 26, 2 SET_CONTAINER, 3 SET_IOMMU, 4 MAP_DMA,
 * 5 UNSET_CONTAINER (the backend and domain go), 6 close the group fd.
 */
export function type1Story(step: number): Snapshot {
  const nodes: TopoNode[] = [
    { id: 'process', kind: 'process', label: 'process', detail: '2 vmas', attrs: { vmas: 2 }, spaces: ['process'] },
    dev('nic0', '0000:01:00.0', 26),
    dev('nic1', '0000:01:00.1', 26),
    group(26),
  ];
  const edges: TopoEdge[] = [edge('member', 'device:nic0', 'group:26'), edge('member', 'device:nic1', 'group:26')];
  const spaces: AddressSpaceView[] = [processSpace()];
  const add = (n: TopoNode): void => void nodes.push(n);
  if (step >= 0) {
    add({ id: 'fd:3', kind: 'fd', label: 'fd 3', detail: '/dev/vfio/vfio', attrs: { fd: 3 }, handles: ['container'] });
    add({ id: 'container:1', kind: 'container', label: 'container 1', detail: step >= 3 && step < 5 ? 'type1 v2' : 'no IOMMU set', attrs: { fdRefs: 1 }, handles: ['container'] });
    edges.push(edge('fd', 'fd:3', 'container:1'));
  }
  if (step >= 1 && step < 6) {
    add({ id: 'fd:4', kind: 'fd', label: 'fd 4', detail: '/dev/vfio/26', attrs: { fd: 4 }, handles: ['group26'] });
    edges.push(edge('fd', 'fd:4', 'group:26'));
  }
  if (step >= 2 && step < 5) edges.push(edge('set-container', 'group:26', 'container:1'));
  if (step >= 3 && step < 5) {
    add({
      id: 'backend:1', kind: 'iommu-backend', label: 'type1 v2', detail: step >= 4 ? '1 mapping · dma_avail 65534' : '0 mappings · dma_avail 65535',
      attrs: { type: 'VFIO_TYPE1v2_IOMMU', dma_avail: step >= 4 ? 65534 : 65535, pgsize_bitmap: 0x40201000n }, spaces: ['container:1'],
    });
    add({
      id: 'domain:1:0', kind: 'domain', label: 'domain 0', detail: 'aperture 0x0-0xffffffffffff',
      attrs: { aperture_start: 0n, aperture_end: 0xffffffffffffn, pgsize_bitmap: 0x40201000n },
    });
    edges.push(edge('backend', 'container:1', 'backend:1'), edge('owns', 'backend:1', 'domain:1:0'), edge('attached', 'group:26', 'domain:1:0'));
    spaces.push(type1Space(step >= 4));
  }
  const changes = ((): StepChanges => {
    switch (step) {
      case 0: return { ...NO_CHANGES, addedNodes: ['fd:3', 'container:1'] };
      case 1: return { ...NO_CHANGES, addedNodes: ['fd:4'] };
      case 2: return { ...NO_CHANGES, changedNodes: ['group:26', 'container:1'] };
      case 3: return { ...NO_CHANGES, addedNodes: ['backend:1', 'domain:1:0'], changedNodes: ['container:1'] };
      case 4: return {
        ...NO_CHANGES, changedNodes: ['backend:1'],
        ranges: [{ space: 'container:1', kind: 'mapping', added: [{ first: 0x100000n, last: 0x2fffffn }], removed: [], truncated: false }],
        summary: ['container 1: +1 mapping [0x100000, 0x2fffff]'],
      };
      case 5: return { ...NO_CHANGES, removedNodes: ['backend:1', 'domain:1:0'], changedNodes: ['container:1', 'group:26'] };
      case 6: return { ...NO_CHANGES, removedNodes: ['fd:4'] };
      default: return NO_CHANGES;
    }
  })();
  return { step, nodes, edges, spaces, changes };
}

function processSpace(): AddressSpaceView {
  return {
    id: 'process', kind: 'process', title: 'process memory', node: 'process',
    extent: { first: 0x7f0000000000n, last: 0x7f00003fffffn }, walkable: false,
    layers: [{ kind: 'vma', first: new BigUint64Array([0x7f0000000000n]), last: new BigUint64Array([0x7f00003fffffn]), label: ['guest RAM'] }],
  };
}

function type1Space(mapped: boolean): AddressSpaceView {
  return {
    id: 'container:1', kind: 'type1', title: 'container 1 (type1 v2)', node: 'backend:1',
    extent: { first: 0n, last: 0xffffffffffffn }, walkable: true,
    layers: [
      { kind: 'usable', first: new BigUint64Array([0n, 0xfef00000n]), last: new BigUint64Array([0xfedfffffn, 0xffffffffffffn]) },
      { kind: 'reserved', first: new BigUint64Array([0xfee00000n]), last: new BigUint64Array([0xfeefffffn]), label: ['msi'] },
      {
        kind: 'mapping',
        first: new BigUint64Array(mapped ? [0x100000n] : []),
        last: new BigUint64Array(mapped ? [0x2fffffn] : []),
        backing: new BigUint64Array(mapped ? [0x7f0000000000n] : []),
      },
    ],
  };
}

/**
 * An iommufd machine: `groups` groups of `perGroup` devices, every device's cdev open, bound
 * and attached to one of `ioases` IOASes through its group's HWPT; plus every group fd open.
 */
export function bigMachine(groups: number, perGroup: number, ioases: number): Snapshot {
  const nodes: TopoNode[] = [{ id: 'process', kind: 'process', label: 'process', attrs: {} }];
  const edges: TopoEdge[] = [];
  let fd = 3;
  const openFd = (target: string, path: string, handle: string): void => {
    const id = `fd:${fd}`;
    nodes.push({ id, kind: 'fd', label: `fd ${fd}`, detail: path, attrs: { fd }, handles: [handle] });
    edges.push(edge('fd', id, target));
    fd++;
  };
  nodes.push({ id: 'iommufd:1', kind: 'iommufd', label: 'iommufd 1', detail: '/dev/iommu', attrs: {} });
  openFd('iommufd:1', '/dev/iommu', 'iommufd');
  for (let i = 0; i < ioases; i++) {
    nodes.push({ id: `ioas:1:${i + 1}`, kind: 'ioas', label: `IOAS ${i + 1}`, detail: `${i * 3} areas`, attrs: { id: i + 1 }, spaces: [`ioas:1:${i + 1}`], handles: [`ioas${i}`] });
    edges.push(edge('owns', 'iommufd:1', `ioas:1:${i + 1}`));
  }
  for (let g = 0; g < groups; g++) {
    const gid = `group:${g + 10}`;
    nodes.push(group(g + 10));
    openFd(gid, `/dev/vfio/${g + 10}`, `group${g}`);
    const hwpt = `hwpt:1:${100 + g}`;
    const ioas = `ioas:1:${(g % ioases) + 1}`;
    nodes.push({ id: hwpt, kind: 'hwpt', label: `HWPT ${100 + g}`, detail: 'vtd-ss-4 · auto', badges: ['auto'], attrs: { id: 100 + g, aperture_end: 0xffffffffffffn }, spaces: [hwpt] });
    edges.push(edge('on-ioas', hwpt, ioas), edge('owns', 'iommufd:1', hwpt));
    for (let d = 0; d < perGroup; d++) {
      const name = `dev${g}_${d}`;
      const did = `device:${name}`;
      nodes.push(dev(name, `0000:${(g + 1).toString(16).padStart(2, '0')}:00.${d}`, g + 10));
      edges.push(edge('member', did, gid), edge('bound', did, 'iommufd:1'), edge('attached', did, hwpt));
      openFd(did, `/dev/vfio/devices/vfio${g * perGroup + d}`, name);
    }
  }
  return { step: 0, nodes, edges, spaces: [], changes: NO_CHANGES };
}
