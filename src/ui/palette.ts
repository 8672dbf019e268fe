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
