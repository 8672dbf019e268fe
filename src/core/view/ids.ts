// Stable ids of the view model. An id names the same kernel object at every step it exists
// (the UI keeps selections, layout positions and highlights by id), so ids are built from the
// simulator's own identities, never from positions in a list. A node id starts with its NodeKind
// and a colon ("iommu-backend:1", "fd:3@container:1"), so a removed node's kind can be read
// from its id alone.

export const nodeId = {
  device: (name: string): string => `device:${name}`,
  group: (num: number): string => `group:${num}`,
  container: (id: number): string => `container:${id}`,
  /** The container's IOMMU backend (iommu_data); a backend set again after a release gets the same id. */
  backend: (container: number): string => `iommu-backend:${container}`,
  domain: (container: number, domain: number): string => `domain:${container}:${domain}`,
  window: (container: number, slot: number): string => `window:${container}:${slot}`,
  iommufd: (ictx: number): string => `iommufd:${ictx}`,
  ioas: (ictx: number, id: number): string => `ioas:${ictx}:${id}`,
  hwpt: (ictx: number, id: number): string => `hwpt:${ictx}:${id}`,
  process: (): string => 'process',
  /**
   * An fd and what it refers to: fd numbers are reused (lowest free first), so a reopened fd 5
   * on another file is another node.
   */
  fd: (fd: number, target: string): string => `fd:${fd}@${target}`,
  // Beyond VFIO. Device names may hold any character, so numbers come last and parse from the end.
  vdpa: (device: string): string => `vdpa:${device}`,
  /** One node per parent driver kind: the vDPA devices of that kind share it. */
  vdpaParent: (kind: string): string => `vdpa-parent:${kind}`,
  asid: (device: string, asid: number): string => `asid:${device}:${asid}`,
  mm: (id: number): string => `mm:${id}`,
  svaDomain: (id: number): string => `sva-domain:${id}`,
  /** A device's PASID-table entry; the same (device, PASID) attached again is the same node. */
  pasid: (device: string, pasid: number): string => `pasid:${device}:${pasid}`,
  /** A uacce queue lives as long as its fd; fd numbers are reused, so the device is part of the id. */
  uacceQueue: (fd: number, device: string): string => `uacce-queue:${fd}@${device}`,
  kvm: (): string => 'kvm',
  kvmVfio: (): string => 'kvm-vfio',
  liobn: (table: number): string => `liobn:${table}`,
  /**
   * A hardware TCE table VFIO let go of while KVM still references it (HwTable.orphan): a
   * window of its own, since the container's slot may hold a new window at the same time.
   */
  keptWindow: (hw: number): string => `window:kvm:${hw}`,
};

/** Address spaces: the container's (type1 or sPAPR), an IOAS's, a HWPT's, the process's. */
export const spaceId = {
  container: (id: number): string => `container:${id}`,
  ioas: (ictx: number, id: number): string => `ioas:${ictx}:${id}`,
  hwpt: (ictx: number, id: number): string => `hwpt:${ictx}:${id}`,
  process: (): string => 'process',
  /** A vDPA ASID: its vhost IOTLB beside what the device translates. */
  asid: (device: string, asid: number): string => `asid:${device}:${asid}`,
  /** An SVA PASID's address space is its mm's (one per mm, whichever devices use the PASID). */
  mm: (id: number): string => `mm:${id}`,
  /** A PASID with an iommufd HWPT attached, on one device. */
  pasid: (device: string, pasid: number): string => `pasid:${device}:${pasid}`,
  liobn: (table: number): string => `liobn:${table}`,
};

export type SpaceRef =
  | { readonly kind: 'container'; readonly id: number }
  | { readonly kind: 'ioas'; readonly ictx: number; readonly id: number }
  | { readonly kind: 'hwpt'; readonly ictx: number; readonly id: number }
  | { readonly kind: 'process' }
  | { readonly kind: 'asid'; readonly device: string; readonly asid: number }
  | { readonly kind: 'mm'; readonly id: number }
  | { readonly kind: 'pasid'; readonly device: string; readonly pasid: number }
  | { readonly kind: 'liobn'; readonly table: number };

const INT = /^(0|[1-9][0-9]{0,9})$/;

/** "<prefix>:<device>:<n>": the device name (any characters) and the trailing number. */
function deviceAndNumber(rest: string): { device: string; n: number } | null {
  const at = rest.lastIndexOf(':');
  if (at <= 0 || !INT.test(rest.slice(at + 1))) return null;
  return { device: rest.slice(0, at), n: Number(rest.slice(at + 1)) };
}

/** Parses a space id; null when it is not one (the walk then says so). */
export function parseSpaceId(s: string): SpaceRef | null {
  if (s === 'process') return { kind: 'process' };
  const colon = s.indexOf(':');
  const head = colon < 0 ? s : s.slice(0, colon);
  if (head === 'asid' || head === 'pasid') {
    const dn = deviceAndNumber(s.slice(colon + 1));
    if (!dn) return null;
    return head === 'asid' ? { kind: 'asid', device: dn.device, asid: dn.n } : { kind: 'pasid', device: dn.device, pasid: dn.n };
  }
  const parts = s.split(':');
  if (!parts.slice(1).every((p) => INT.test(p))) return null;
  const n = parts.slice(1).map(Number);
  switch (parts[0]) {
    case 'container': return n.length === 1 ? { kind: 'container', id: n[0]! } : null;
    case 'ioas': return n.length === 2 ? { kind: 'ioas', ictx: n[0]!, id: n[1]! } : null;
    case 'hwpt': return n.length === 2 ? { kind: 'hwpt', ictx: n[0]!, id: n[1]! } : null;
    case 'mm': return n.length === 1 ? { kind: 'mm', id: n[0]! } : null;
    case 'liobn': return n.length === 1 ? { kind: 'liobn', table: n[0]! } : null;
    default: return null;
  }
}
