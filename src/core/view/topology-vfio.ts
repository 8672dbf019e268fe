// Topology of the VFIO side: devices, IOMMU groups, legacy containers, their IOMMU backend
// (type1 with its domains, sPAPR with its windows). A released backend leaves its story on the
// container node (detail + "released" badge): seed 004's "the container fd keeps nothing alive".

import type { Sim } from '../sim/sim';
import type { ContainerState, SpaprState, TceWindow, Type1State } from '../sim/state';
import { iommuName } from '../vfio/container';
import { windowLast, windowOrigin } from '../vfio/spapr-common';
import { dmaEntryLimit } from '../vfio/type1';
import type { GraphBuilder } from './graph';
import { nodeId, spaceId } from './ids';
import { windowLabel } from './spaces';
import { count, list, pageSizeName, pgsizeList, span } from './text';
import type { AttrValue } from './types';

/**
 * A group whose devices are all vDPA devices of on-chip parents (mlx5, vdpa_sim) and that VFIO
 * never opened: nothing translates through it, so it is left out (topology-vdpa.ts draws them).
 */
function onlyOnChipVdpa(sim: Sim, devices: readonly string[]): boolean {
  return devices.length > 0 && devices.every((d) => {
    const v = sim.state.vdpa.get(d);
    return v !== undefined && v.parent !== 'platform-iommu';
  });
}

export function addDevicesAndGroups(sim: Sim, g: GraphBuilder): void {
  const st = sim.state;
  for (const d of st.devices.values()) {
    // vDPA devices are vhost-vdpa's (topology-vdpa.ts), with their own kind of node.
    if (st.vdpa.has(d.id)) continue;
    const b = d.bound;
    const obj = b ? st.ictxs.get(b.ictx)?.objects.get(b.devId) : undefined;
    const dev = obj?.kind === 'device' ? obj : null;
    const badges: string[] = [];
    if (dev) badges.push(dev.via === 'cdev' ? 'cdev bound' : dev.via === 'compat' ? 'compat bound' : 'mock');
    g.node({
      id: nodeId.device(d.id), kind: 'device', label: d.id,
      detail: `${d.bdf} · group ${d.group}${dev ? ` · dev_id ${dev.id}` : ''}`,
      badges,
      attrs: {
        device: d.id, bdf: d.bdf, kind: d.kind, group: d.group, cdev_fd: d.cdevFd,
        iommufd: b ? b.ictx : null, dev_id: dev ? dev.id : null, bound_via: dev ? dev.via : null,
        hwpt: dev ? dev.hwpt : null, ...(dev && dev.stdev !== null ? { selftest_obj: dev.stdev } : {}),
      },
    });
  }
  for (const gr of [...st.groups.values()].sort((a, b) => a.num - b.num)) {
    const ref = gr.container;
    if (!ref && gr.fd === null && onlyOnChipVdpa(sim, gr.devices)) continue;
    const where = ref ? (ref.kind === 'container' ? `container ${ref.id}` : `iommufd ${ref.ictx}`) : null;
    g.node({
      id: nodeId.group(gr.num), kind: 'group', label: `group ${gr.num}`,
      detail: `/dev/vfio/${gr.num}${gr.fd !== null ? ` · fd ${gr.fd}` : ' · not open'}${where ? ` · ${where}` : ''}`,
      attrs: { group: gr.num, devices: list(gr.devices), fd: gr.fd, container: where, viable: true },
    });
    for (const d of gr.devices) if (!st.vdpa.has(d)) g.edge('member', nodeId.device(d), nodeId.group(gr.num));
  }
}

function type1Node(sim: Sim, c: ContainerState, st: Type1State, g: GraphBuilder): void {
  const id = nodeId.backend(c.id);
  const invalid = st.vaddrInvalidCount;
  g.node({
    id, kind: 'iommu-backend', label: st.v2 ? 'type1 v2' : 'type1 v1',
    detail: `${count(st.dmas.size, 'mapping')} · dma_avail ${st.dmaAvail}`,
    badges: invalid > 0 ? ['vaddr invalid'] : [],
    attrs: {
      iommu: iommuName(st), v2: st.v2, mappings: st.dmas.size, dma_avail: st.dmaAvail, dma_entry_limit: dmaEntryLimit(sim),
      iova_pgsizes: st.pgsizeBitmap, iova_pgsizes_list: pgsizeList(st.pgsizeBitmap), domains: st.domains.length,
      usable_ranges: st.iovaList.length, vaddr_invalid: invalid,
    },
    spaces: [spaceId.container(c.id)],
  });
  for (const d of st.domains) {
    const did = nodeId.domain(c.id, d.id);
    g.node({
      id: did, kind: 'domain', label: `domain ${d.id}`,
      detail: `aperture ${span(d.apertureStart, d.apertureEnd)} · ${pgsizeList(d.pgsizeBitmap)}`,
      attrs: {
        domain: d.id, groups: list([...d.groups].sort((a, b) => a - b)), aperture_start: d.apertureStart, aperture_end: d.apertureEnd,
        pgsize_bitmap: d.pgsizeBitmap, format: sim.state.platform.domain?.format ?? null,
      },
      spaces: [spaceId.container(c.id)],
    });
    g.edge('owns', id, did);
    for (const gr of d.groups) g.edge('attached', nodeId.group(gr), did);
  }
}

function windowNode(c: ContainerState, w: TceWindow, g: GraphBuilder): void {
  const id = nodeId.window(c.id, w.slot);
  const top = w.tces.lastIntersecting(0n, (1n << 64n) - 1n);
  const past = !!top && top.last > windowLast(w);
  const badges: string[] = [windowOrigin(w)];
  if (!w.programmed) badges.push('not programmed');
  if (past) badges.push('kernel bug');
  g.node({
    id, kind: 'window', label: `window ${w.slot}`,
    detail: `${span(w.start, windowLast(w))} · ${pageSizeName(1n << BigInt(w.pageShift))} TCEs · ${count(w.levels, 'level')}`,
    badges,
    attrs: {
      slot: w.slot, start: w.start, size: w.size, last: windowLast(w), requested_size: w.requestedSize, page_shift: w.pageShift,
      levels: w.levels, level_shift: w.levelShift, table_bytes: w.tableBytes, origin: w.origin, programmed: w.programmed,
      tce_runs: w.tces.size, runs_past_end: past, summary: windowLabel(w),
    },
    spaces: [spaceId.container(c.id)],
  });
  g.edge('owns', nodeId.backend(c.id), id);
}

function spaprNode(c: ContainerState, st: SpaprState, g: GraphBuilder): void {
  const id = nodeId.backend(c.id);
  const ws = st.windows.filter((w): w is TceWindow => w !== null);
  const runs = ws.reduce((n, w) => n + w.tces.size, 0);
  const badges: string[] = [];
  if (st.defWindowPending) badges.push('default window pending');
  if (st.bugs.length) badges.push('kernel bug');
  const attrs: Record<string, AttrValue> = {
    iommu: iommuName(st), v2: st.v2, enabled: st.enabled, def_window_pending: st.defWindowPending,
    windows: ws.length, tce_runs: runs, prereg_regions: st.prereg.size, mm_set: st.mmSet, bugs: st.bugs.length,
  };
  st.bugs.forEach((b, i) => {
    attrs[`bug ${i + 1}`] = b;
  });
  g.node({
    id, kind: 'iommu-backend', label: st.v2 ? 'sPAPR TCE v2' : 'sPAPR TCE v1',
    detail: `${count(ws.length, 'window')} · ${count(runs, 'TCE run')}${st.defWindowPending ? ' · default window pending' : ''}`,
    badges, attrs, spaces: [spaceId.container(c.id)],
  });
  for (const w of ws) windowNode(c, w, g);
}

export function addContainers(sim: Sim, g: GraphBuilder): void {
  for (const c of [...sim.state.containers.values()].sort((a, b) => a.id - b.id)) {
    const id = nodeId.container(c.id);
    const iommu = c.iommu;
    const released = !iommu && c.history.length > 0;
    const bugs = [...c.bugs, ...(iommu?.kind === 'spapr' ? iommu.bugs : [])];
    const badges: string[] = [];
    if (released) badges.push('released');
    if (bugs.length) badges.push('kernel bug');
    const attrs: Record<string, AttrValue> = {
      container: c.id, iommu: iommu ? iommuName(iommu) : null, groups: list([...c.groups].sort((a, b) => a - b)), fd_refs: c.fdRefs, bugs: bugs.length,
    };
    c.history.forEach((h, i) => {
      attrs[`history ${i + 1}`] = h;
    });
    c.bugs.forEach((b, i) => {
      attrs[`released backend bug ${i + 1}`] = b;
    });
    const last = c.history[c.history.length - 1];
    g.node({
      id, kind: 'container', label: `container ${c.id}`,
      detail: iommu
        ? `${iommuName(iommu)} · ${count(c.groups.length, 'group')}`
        : released ? `no IOMMU · backend ${last ?? 'released'}` : `no IOMMU set · ${count(c.groups.length, 'group')}`,
      badges, attrs,
      spaces: iommu ? [spaceId.container(c.id)] : [],
    });
    for (const gr of c.groups) g.edge('set-container', nodeId.group(gr), id);
    if (!iommu) continue;
    switch (iommu.kind) {
      case 'type1': type1Node(sim, c, iommu, g); break;
      case 'spapr': spaprNode(c, iommu, g); break;
      default: {
        const never: never = iommu;
        throw new Error(`unknown backend ${JSON.stringify(never)}`);
      }
    }
    g.edge('backend', id, nodeId.backend(c.id), iommuName(iommu));
  }
}
