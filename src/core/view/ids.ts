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
};

/** Address spaces: the container's (type1 or sPAPR), an IOAS's, a HWPT's, the process's. */
export const spaceId = {
  container: (id: number): string => `container:${id}`,
  ioas: (ictx: number, id: number): string => `ioas:${ictx}:${id}`,
  hwpt: (ictx: number, id: number): string => `hwpt:${ictx}:${id}`,
  process: (): string => 'process',
};

export type SpaceRef =
  | { readonly kind: 'container'; readonly id: number }
  | { readonly kind: 'ioas'; readonly ictx: number; readonly id: number }
  | { readonly kind: 'hwpt'; readonly ictx: number; readonly id: number }
  | { readonly kind: 'process' };

const INT = /^(0|[1-9][0-9]{0,9})$/;

/** Parses a space id; null when it is not one (the walk then says so). */
export function parseSpaceId(s: string): SpaceRef | null {
  if (s === 'process') return { kind: 'process' };
  const parts = s.split(':');
  if (!parts.slice(1).every((p) => INT.test(p))) return null;
  const n = parts.slice(1).map(Number);
  switch (parts[0]) {
    case 'container': return n.length === 1 ? { kind: 'container', id: n[0]! } : null;
    case 'ioas': return n.length === 2 ? { kind: 'ioas', ictx: n[0]!, id: n[1]! } : null;
    case 'hwpt': return n.length === 2 ? { kind: 'hwpt', ictx: n[0]!, id: n[1]! } : null;
    default: return null;
  }
}
