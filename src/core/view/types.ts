// The explorer's view model: what the worker computes from the simulated state at a step and
// sends to the UI (structured clone; typed arrays are transferred). Pure data, no classes.
// Every view (graph, address map, page-table walk, inspector, timeline diff) draws from this;
// none of them reads the core's state directly.

import type { Occupancy } from '../pagetable/occupancy';
import type { Walk } from '../pagetable/walk';
import type { u64 } from '../u64';

// ---------------------------------------------------------------- topology graph

export type NodeKind =
  | 'device' // a PCI function / mock device / vDPA device
  | 'group' // an IOMMU group (/dev/vfio/<n>)
  | 'container' // a legacy VFIO container
  | 'iommu-backend' // the container's IOMMU backend (type1 / sPAPR iommu_data)
  | 'iommufd' // an iommufd context (/dev/iommu, or /dev/vfio/vfio in iommufd mode)
  | 'ioas'
  | 'hwpt' // HWPT_PAGING: an iommu_domain bound to an IOAS
  | 'domain' // a type1 domain
  | 'window' // a sPAPR DMA window (TCE table)
  | 'process' // the scenario's process (its memory)
  | 'fd' // an open file descriptor (shown small, linking the process to objects)
  // Beyond VFIO (topology-vdpa.ts, topology-sva.ts, topology-kvm.ts):
  | 'vdpa' // a vDPA device bound to vhost_vdpa (/dev/vhost-vdpa-<n>)
  | 'vdpa-parent' // the vDPA parent driver (mlx5_vdpa, vdpa_sim, a platform-IOMMU parent)
  | 'asid' // one vDPA address space: its vhost IOTLB and the device's own translation
  | 'mm' // an mm_struct (a process's address space) with its PASID
  | 'sva-domain' // an SVA iommu_domain (shares an mm's CPU page table)
  | 'pasid' // a device's PASID-table entry (the attach handle of (device, PASID))
  | 'uacce-queue' // a uacce queue (one open of /dev/<uacce node>)
  | 'kvm' // the scenario's KVM VM (memory slots, LIOBN tables)
  | 'kvm-vfio' // the VM's kvm-vfio pseudo device (the VFIO files it holds)
  | 'liobn'; // a KVM sPAPR TCE table (a guest DMA window, keyed by LIOBN)

export type EdgeKind =
  | 'member' // device -> group
  | 'set-container' // group -> container / iommufd
  | 'backend' // container -> its IOMMU backend
  | 'attached' // device/group -> hwpt / domain
  | 'on-ioas' // hwpt -> ioas
  | 'owns' // iommufd -> ioas / hwpt; backend -> window / domain
  | 'bound' // device -> iommufd (cdev bind)
  | 'fd' // fd -> the object it refers to
  | 'parent' // vDPA device -> its parent driver
  | 'pasid' // device -> one of its PASID-table entries
  | 'shares-mm' // SVA domain -> the mm whose CPU page table it uses
  | 'sva-bind' // uacce queue -> the attach handle its open bound
  | 'kvm-file' // kvm-vfio -> a VFIO group (or device) file it holds
  | 'hw-table'; // LIOBN table -> a hardware TCE table it holds a reference on

/** Scalar attributes shown by the inspector; 64-bit values stay bigint. */
export type AttrValue = string | number | boolean | bigint | null;

export interface TopoNode {
  /** Stable across steps for the same object (e.g. "group:26", "ioas:1:2", "container:1"). */
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** A second line: "type1 v2 · 3 mappings", "aperture 0x0-0xffffffffffff". */
  readonly detail?: string;
  /** Short flags shown as badges: "auto", "compat", "released", "kernel bug". */
  readonly badges?: readonly string[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
  /** The address spaces (AddressSpaceView.id) this node owns, for "show in map". */
  readonly spaces?: readonly string[];
  /** Scenario handle names that refer to this object ("container", "ioas"). */
  readonly handles?: readonly string[];
}

export interface TopoEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

// ---------------------------------------------------------------- address spaces

export type RangeKind =
  | 'mapping' // a type1 dma / IOAS area / TCE run / IOTLB entry
  | 'reserved' // reserved region (MSI window, HT, SW_MSI, test)
  | 'excluded' // outside a domain's aperture (reserved by the domain)
  | 'allowed' // IOMMU_IOAS_ALLOW_IOVAS
  | 'usable' // the usable IOVA ranges (type1 iova list, IOAS IOVA_RANGES)
  | 'window' // a sPAPR DMA window
  | 'vma' // process memory
  | 'bug' // a range the kernel got wrong (e.g. TCEs written past a window's end)
  | 'identity' // a vDPA device translating IOVA as the address (pass-through after probe or a reset)
  | 'device-map' // what a vDPA device itself translates (the parent's map), beside the vhost IOTLB
  | 'stale'; // an IOTLB entry the device does not translate, or a device entry the IOTLB no longer holds

/**
 * A set of inclusive ranges as parallel typed arrays (100k mappings travel as a few MB,
 * transferred, not cloned). `owner[i]`/`label[i]` are optional per-range strings for small
 * sets (reserved regions, windows); large sets leave them out.
 */
export interface RangeSet {
  readonly kind: RangeKind;
  readonly first: BigUint64Array;
  readonly last: BigUint64Array;
  /** The user address backing each mapping (vaddr / user_va), when there is one. */
  readonly backing?: BigUint64Array;
  readonly label?: readonly string[];
}

export type SpaceKind =
  | 'type1' | 'ioas' | 'hwpt' | 'spapr' | 'process' | 'compat-ioas'
  /** One vDPA ASID: the vhost IOTLB (mappings) and the device's translation (identity / device-map / stale). */
  | 'vdpa-iotlb'
  /** An SVA PASID: the mm's user address space (its CPU page table). */
  | 'sva'
  /** A PASID with an iommufd HWPT attached: that HWPT's IOAS areas. */
  | 'pasid'
  /** A KVM LIOBN table: the guest window and the guest's TCEs. */
  | 'kvm-tce';

export interface AddressSpaceView {
  /** Stable id: "container:1", "ioas:1:2", "hwpt:1:4", "process". */
  readonly id: string;
  readonly kind: SpaceKind;
  readonly title: string;
  /** The topology node that owns this space. */
  readonly node: string;
  /** The addresses that make sense to show when fitting: aperture, windows, or content. */
  readonly extent: { readonly first: u64; readonly last: u64 };
  readonly layers: readonly RangeSet[];
  /** Page-table formats available for a walk in this space (see PageWalkRequest). */
  readonly walkable: boolean;
}

// ---------------------------------------------------------------- changes at a step

/** One range of a change list; `backing` and `label` when the layer has them. */
export interface RangeRef {
  readonly first: u64;
  readonly last: u64;
  /** The user address of `first` (mappings). */
  readonly backing?: u64;
  readonly label?: string;
}

export interface RangeChange {
  readonly space: string;
  readonly kind: RangeKind;
  readonly added: readonly RangeRef[];
  readonly removed: readonly RangeRef[];
  /** More changes than listed (lists are capped). */
  readonly truncated: boolean;
  /** How many ranges were added / removed in all (the lists stop at a cap). */
  readonly addedCount?: number;
  readonly removedCount?: number;
}

export interface StepChanges {
  readonly addedNodes: readonly string[];
  readonly removedNodes: readonly string[];
  readonly changedNodes: readonly string[];
  readonly ranges: readonly RangeChange[];
  /** One line per change in words ("IOAS 2: +1 area [0x1000000, 0x1001fff]"). */
  readonly summary: readonly string[];
  /** Edge ids (TopoEdge.id) that appeared / disappeared. */
  readonly addedEdges?: readonly string[];
  readonly removedEdges?: readonly string[];
}

// ---------------------------------------------------------------- the snapshot

export interface Snapshot {
  /** The state after step `step` ran; -1 is the machine before the first step. */
  readonly step: number;
  readonly nodes: readonly TopoNode[];
  readonly edges: readonly TopoEdge[];
  readonly spaces: readonly AddressSpaceView[];
  /** What step `step` changed (empty for -1). */
  readonly changes: StepChanges;
}

// ---------------------------------------------------------------- page walk

export interface PageWalkRequest {
  readonly space: string;
  readonly iova: u64;
}

/** The walk and the occupancy come from src/core/pagetable (plain serializable objects). */
export interface PageWalkResult {
  readonly space: string;
  readonly iova: u64;
  /** Null when the space has no page table to walk (the process's memory, a bare IOAS). */
  readonly walk: Walk | null;
  /** Occupancy of the whole space's table(s); null when not applicable. */
  readonly occupancy: Occupancy | null;
  /** Why there is no walk, when walk is null. */
  readonly why?: string;
  /**
   * Every table of the space with its occupancy, when there are several (a sPAPR container's
   * windows: `occupancy` is then the walked window's, or the first window's).
   */
  readonly tables?: readonly { readonly label: string; readonly occupancy: Occupancy }[];
}
