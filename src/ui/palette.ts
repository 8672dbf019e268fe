// The colour (a CSS variable from palette.css) and the legend words of every kind in the view
// model. Canvas code resolves the variables with getComputedStyle when the theme changes.

import type { NodeKind, RangeKind } from '../core/view/types';
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

export const NODE_STYLE: Readonly<Record<NodeKind, { readonly color: string; readonly label: string }>> = {
  device: { color: '--n-device', label: 'device' },
  group: { color: '--n-group', label: 'IOMMU group' },
  container: { color: '--n-container', label: 'VFIO container' },
  'iommu-backend': { color: '--n-backend', label: 'IOMMU backend' },
  iommufd: { color: '--n-iommufd', label: 'iommufd' },
  ioas: { color: '--n-ioas', label: 'IOAS' },
  hwpt: { color: '--n-hwpt', label: 'HWPT (domain)' },
  domain: { color: '--n-domain', label: 'type1 domain' },
  window: { color: '--n-window', label: 'DMA window' },
  process: { color: '--n-process', label: 'process' },
  fd: { color: '--n-fd', label: 'fd' },
};

export const CHANGE_COLORS = { added: '--k-added', removed: '--k-removed' } as const;

/** Resolves a palette variable to a colour string (for canvas). */
export function cssColor(variable: string, el: Element = document.documentElement): string {
  return getComputedStyle(el).getPropertyValue(variable).trim() || '#888';
}
