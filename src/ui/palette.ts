// The colour (a CSS variable from palette.css) and the legend words of every kind in the view
// model. Canvas code resolves the variables with getComputedStyle when the theme changes.
// The graph, the address map and the legend all read these tables, so one legend explains
// every view; a new kind in src/core/view/types.ts fails to compile here until it has a colour.

import type { EdgeKind, NodeKind, RangeKind } from '../core/view/types';
import './palette.css';

export const RANGE_STYLE: Readonly<Record<RangeKind, { readonly color: string; readonly label: string; readonly help: string }>> = {
  mapping: { color: '--k-mapping', label: 'mapping', help: 'IOVA mapped to user memory (type1 dma, IOAS area, TCE run)' },
  reserved: { color: '--k-reserved', label: 'reserved', help: 'reserved region a device reports (MSI window, HT range, SW MSI)' },
  excluded: { color: '--k-excluded', label: 'outside aperture', help: "outside an attached domain's aperture" },
  allowed: { color: '--k-allowed', label: 'allowed', help: 'IOMMU_IOAS_ALLOW_IOVAS ranges' },
  usable: { color: '--k-usable', label: 'usable', help: 'where a MAP can land (type1 iova list, IOAS IOVA_RANGES)' },
  window: { color: '--k-window', label: 'DMA window', help: 'a sPAPR TCE window' },
  vma: { color: '--k-vma', label: 'process memory', help: 'mmapped memory of the process' },
  bug: { color: '--k-bug', label: 'kernel bug', help: 'state the real kernel gets wrong (flagged, reproduced)' },
  identity: { color: '--k-identity', label: 'identity', help: 'a vDPA device using the IOVA as the address (pass-through after probe or a CLEAN_MAP reset)' },
  'device-map': { color: '--k-device-map', label: 'device map', help: "what a vDPA device itself translates (the parent's map), drawn under the vhost IOTLB's bars" },
  stale: { color: '--k-stale', label: 'stale', help: 'vhost IOTLB and device disagree: an entry the device does not translate, or one it still translates that the IOTLB dropped' },
};

export const NODE_STYLE: Readonly<Record<NodeKind, { readonly color: string; readonly label: string; readonly help: string }>> = {
  device: { color: '--n-device', label: 'device', help: 'a PCI function, mock or vDPA device that does DMA' },
  group: { color: '--n-group', label: 'IOMMU group', help: 'the unit of isolation: /dev/vfio/<n>, its devices share one domain' },
  container: { color: '--n-container', label: 'VFIO container', help: 'a legacy /dev/vfio/vfio container holding groups' },
  'iommu-backend': { color: '--n-backend', label: 'IOMMU backend', help: "the container's iommu_data (type1 or sPAPR TCE), set by VFIO_SET_IOMMU" },
  iommufd: { color: '--n-iommufd', label: 'iommufd', help: 'an iommufd context (/dev/iommu, or /dev/vfio/vfio in compat mode)' },
  ioas: { color: '--n-ioas', label: 'IOAS', help: 'an I/O address space: the IOVA -> user memory mappings' },
  hwpt: { color: '--n-hwpt', label: 'HWPT (domain)', help: 'HWPT_PAGING: an iommu_domain filled from an IOAS' },
  domain: { color: '--n-domain', label: 'type1 domain', help: 'an iommu_domain of a type1 container, shared by compatible groups' },
  window: { color: '--n-window', label: 'DMA window', help: 'a sPAPR TCE table programmed into the groups (TVE)' },
  process: { color: '--n-process', label: 'process', help: "the scenario's process: its memory and its file table" },
  fd: { color: '--n-fd', label: 'fd', help: 'an open file descriptor of the process' },
  vdpa: { color: '--n-vdpa', label: 'vDPA device', help: 'a vDPA device bound to vhost_vdpa (/dev/vhost-vdpa-<n>)' },
  'vdpa-parent': { color: '--n-vdpa-parent', label: 'vDPA parent', help: 'the parent driver of vDPA devices (mlx5_vdpa, vdpa_sim...)' },
  asid: { color: '--n-asid', label: 'vDPA ASID', help: "one vDPA address space: its vhost IOTLB and the device's translation" },
  mm: { color: '--n-mm', label: 'mm', help: "a process's address space (mm_struct) with its PASID" },
  'sva-domain': { color: '--n-sva-domain', label: 'SVA domain', help: "an SVA iommu_domain: it shares an mm's CPU page table" },
  pasid: { color: '--n-pasid', label: 'PASID entry', help: "a device's PASID-table entry: what (device, PASID) is attached to" },
  'uacce-queue': { color: '--n-uacce', label: 'uacce queue', help: 'one open of a uacce device node, bound to an mm by SVA' },
  kvm: { color: '--n-kvm', label: 'KVM VM', help: "the scenario's virtual machine (memory slots, LIOBN tables)" },
  'kvm-vfio': { color: '--n-kvm-vfio', label: 'kvm-vfio', help: 'the VM\'s kvm-vfio device: the VFIO files it holds' },
  liobn: { color: '--n-liobn', label: 'LIOBN', help: 'a KVM sPAPR TCE table (KVM_CREATE_SPAPR_TCE_64): one guest DMA window, named by its LIOBN' },
};

/**
 * Edge kinds are told apart by stroke, not colour (colour belongs to the node kinds), so that
 * the graph stays calm with hundreds of edges. `dash` is an SVG stroke-dasharray.
 */
export const EDGE_STYLE: Readonly<Record<EdgeKind, { readonly width: number; readonly dash: string | null; readonly strong: boolean; readonly label: string; readonly help: string }>> = {
  member: { width: 1.25, dash: null, strong: false, label: 'member', help: 'a device belongs to its IOMMU group' },
  'set-container': { width: 2, dash: null, strong: true, label: 'set container', help: 'VFIO_GROUP_SET_CONTAINER: the group joined a container or iommufd' },
  backend: { width: 1.25, dash: '6 3', strong: false, label: 'backend', help: "the container's IOMMU backend" },
  attached: { width: 2, dash: null, strong: true, label: 'attached', help: 'DMA of the device or group is translated by this domain / HWPT' },
  'on-ioas': { width: 1.25, dash: '6 3', strong: true, label: 'on IOAS', help: 'the HWPT mirrors this IOAS' },
  owns: { width: 1, dash: '2 3', strong: false, label: 'owns', help: 'an object that holds another (iommufd -> IOAS, backend -> window)' },
  bound: { width: 1.25, dash: '8 3 2 3', strong: false, label: 'bound', help: 'VFIO_DEVICE_BIND_IOMMUFD: the device cdev is bound to the iommufd' },
  fd: { width: 1, dash: '1 3', strong: false, label: 'fd', help: 'the open file refers to this object' },
  parent: { width: 1.25, dash: null, strong: false, label: 'parent', help: 'a vDPA device and its parent driver' },
  pasid: { width: 1.25, dash: null, strong: false, label: 'PASID', help: 'a device and one of its PASID-table entries' },
  'shares-mm': { width: 1.25, dash: '6 3', strong: true, label: 'shares mm', help: 'the SVA domain walks this CPU page table' },
  'sva-bind': { width: 1.25, dash: '8 3 2 3', strong: false, label: 'SVA bind', help: 'the queue is bound to this (device, PASID)' },
  'kvm-file': { width: 1, dash: '2 3', strong: false, label: 'kvm file', help: 'kvm-vfio holds this VFIO group or device file' },
  'hw-table': { width: 1.25, dash: '6 3', strong: false, label: 'hw table', help: 'the LIOBN table holds a reference on this hardware TCE table' },
};

export const CHANGE_COLORS = { added: '--k-added', changed: '--k-changed', removed: '--k-removed' } as const;

/** The step-change highlights, as the legend words them. */
export const CHANGE_STYLE: Readonly<Record<keyof typeof CHANGE_COLORS, { readonly color: string; readonly label: string; readonly help: string }>> = {
  added: { color: CHANGE_COLORS.added, label: 'added', help: 'created by the current step' },
  changed: { color: CHANGE_COLORS.changed, label: 'changed', help: 'changed by the current step' },
  removed: { color: CHANGE_COLORS.removed, label: 'removed', help: 'gone after the current step (shown faded, dashed)' },
};

/** Resolves a palette variable to a colour string (for canvas). */
export function cssColor(variable: string, el: Element = document.documentElement): string {
  return getComputedStyle(el).getPropertyValue(variable).trim() || '#888';
}
