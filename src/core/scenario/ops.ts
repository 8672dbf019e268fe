// The operation table: every op a scenario may contain, with its fields. Field names are the
// uAPI struct's own names (scenario-format.md). This one table drives validation (schema.ts),
// the runner's dispatch (sim/dispatch.ts, which must cover every op here) and the UI's op picker.

import type { FieldSpec, OpSpec } from './op-spec';
import { fdField, u64Field } from './op-spec';
import { KVM_OPS } from './ops-kvm';
import { SVA_OPS } from './ops-sva';
import { VHOST_OPS } from './ops-vhost';

export type { FieldKind, FieldSpec, OpFamily, OpSpec } from './op-spec';

const fd = fdField;
const u64 = u64Field;

export const MAP_DMA_FLAGS = ['READ', 'WRITE', 'VADDR'] as const;
export const UNMAP_DMA_FLAGS = ['ALL', 'VADDR', 'GET_DIRTY_BITMAP'] as const;
export const IOAS_MAP_FLAGS = ['FIXED_IOVA', 'READABLE', 'WRITEABLE'] as const;
export const HWPT_ALLOC_FLAGS = ['NEST_PARENT', 'DIRTY_TRACKING', 'FAULT_ID_VALID', 'PASID'] as const;
export const VFIO_IOMMU_TYPES = ['VFIO_TYPE1_IOMMU', 'VFIO_TYPE1v2_IOMMU', 'VFIO_SPAPR_TCE_IOMMU', 'VFIO_SPAPR_TCE_v2_IOMMU', 'VFIO_NOIOMMU_IOMMU'] as const;
/** VFIO_DEVICE_ATTACH_PASID / VFIO_DEVICE_DETACH_PASID (v6.15). */
export const VFIO_DEVICE_PT_FLAGS = ['PASID'] as const;
export const VHOST_BACKEND_FEATURES = ['IOTLB_MSG_V2', 'IOTLB_BATCH', 'IOTLB_ASID', 'SUSPEND', 'RESUME', 'ENABLE_AFTER_DRIVER_OK', 'DESC_ASID', 'IOTLB_PERSIST'] as const;
export const VIRTIO_STATUS = ['ACKNOWLEDGE', 'DRIVER', 'DRIVER_OK', 'FEATURES_OK', 'NEEDS_RESET', 'FAILED'] as const;

/** Prefixes people write in front of short flag names; stripped before matching. */
export const FLAG_PREFIXES = [
  'VFIO_DMA_MAP_FLAG_', 'VFIO_DMA_UNMAP_FLAG_', 'IOMMU_IOAS_MAP_', 'IOMMU_HWPT_ALLOC_', 'VHOST_BACKEND_F_', 'VIRTIO_CONFIG_S_', 'KVM_MEM_',
  'VFIO_DEVICE_ATTACH_', 'VFIO_DEVICE_DETACH_', 'IOMMU_FAULT_PERM_',
];

const CORE_OPS = {
  open: {
    family: 'process', as: 'optional',
    help: 'open(2) a device node: /dev/vfio/vfio, /dev/vfio/<group>, /dev/iommu, /dev/vfio/devices/<name>, /dev/vhost-vdpa-<n>',
    fields: { path: { kind: 'string', help: 'the device node' }, device: { kind: 'string', optional: true, help: 'the scenario device behind a cdev path' } },
  },
  close: { family: 'process', help: 'close(2) a file descriptor', fields: { fd } },
  mmap: {
    family: 'process', as: 'optional', help: 'mmap(2) anonymous memory in the process',
    fields: { length: u64('bytes'), addr: u64('fixed address (MAP_FIXED_NOREPLACE)', true) },
  },
  munmap: { family: 'process', help: 'munmap(2)', fields: { addr: u64('start'), length: u64('bytes') } },

  VFIO_GROUP_SET_CONTAINER: { family: 'vfio', help: 'attach a group to a container (or an iommufd)', fields: { fd, container: { kind: 'handle', help: 'container or iommufd fd' } } },
  VFIO_GROUP_UNSET_CONTAINER: { family: 'vfio', help: 'detach a group from its container', fields: { fd } },
  VFIO_GROUP_GET_DEVICE_FD: {
    family: 'vfio', as: 'optional', help: "open a device of the group: a device fd (on a group attached to an iommufd, this binds and attaches the device to the compat IOAS)",
    fields: { fd, device: { kind: 'string', help: 'the device: its scenario id, or its BDF (the name the kernel matches)' } },
  },
  VFIO_SET_IOMMU: { family: 'vfio', help: 'choose the container IOMMU backend', fields: { fd, type: { kind: 'enum', values: VFIO_IOMMU_TYPES } } },
  VFIO_IOMMU_GET_INFO: { family: 'vfio', help: 'container IOMMU info (type1: page sizes, IOVA ranges; sPAPR: windows)', fields: { fd } },
  VFIO_IOMMU_MAP_DMA: {
    family: 'vfio', help: 'map user memory at a fixed IOVA',
    fields: { fd, iova: u64('IOVA'), size: u64('bytes'), vaddr: u64('user virtual address'), flags: { kind: 'flags', values: MAP_DMA_FLAGS } },
  },
  VFIO_IOMMU_UNMAP_DMA: {
    family: 'vfio', help: 'unmap an IOVA range (or ALL)',
    fields: { fd, iova: u64('IOVA'), size: u64('bytes'), flags: { kind: 'flags', values: UNMAP_DMA_FLAGS, optional: true } },
  },
  VFIO_IOMMU_SPAPR_REGISTER_MEMORY: { family: 'spapr', help: 'preregister (pin) user memory', fields: { fd, vaddr: u64('user virtual address'), size: u64('bytes') } },
  VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY: { family: 'spapr', help: 'unregister preregistered memory', fields: { fd, vaddr: u64('user virtual address'), size: u64('bytes') } },
  VFIO_IOMMU_SPAPR_TCE_CREATE: {
    family: 'spapr', help: 'create a DMA window',
    fields: { fd, page_shift: { kind: 'int', help: 'IOMMU page shift (12 = 4 KiB)' }, window_size: u64('bytes, a power of two'), levels: { kind: 'int', help: 'TCE table levels' } },
  },
  VFIO_IOMMU_SPAPR_TCE_REMOVE: { family: 'spapr', help: 'remove the DMA window containing start_addr', fields: { fd, start_addr: u64('window bus address') } },

  IOMMU_IOAS_ALLOC: { family: 'iommufd', as: 'required', help: 'allocate an IOAS', fields: { fd, flags: { kind: 'int', optional: true } } },
  IOMMU_IOAS_MAP: {
    family: 'iommufd', help: 'map user memory into an IOAS (fixed or kernel-chosen IOVA)',
    fields: {
      fd, ioas_id: { kind: 'handle' }, user_va: u64('user virtual address'), length: u64('bytes'),
      iova: u64('IOVA (with FIXED_IOVA)', true), flags: { kind: 'flags', values: IOAS_MAP_FLAGS },
    },
  },
  IOMMU_IOAS_UNMAP: { family: 'iommufd', help: 'unmap whole areas inside a range', fields: { fd, ioas_id: { kind: 'handle' }, iova: u64('IOVA'), length: u64('bytes') } },
  IOMMU_IOAS_COPY: {
    family: 'iommufd', help: 'map the pages behind one IOAS range into another IOAS',
    fields: {
      fd, dst_ioas_id: { kind: 'handle' }, src_ioas_id: { kind: 'handle' }, src_iova: u64('source IOVA'),
      dst_iova: u64('destination IOVA (with FIXED_IOVA)', true), length: u64('bytes'), flags: { kind: 'flags', values: IOAS_MAP_FLAGS },
    },
  },
  IOMMU_IOAS_ALLOW_IOVAS: { family: 'iommufd', help: 'replace the allowed IOVA list', fields: { fd, ioas_id: { kind: 'handle' }, allowed_iovas: { kind: 'ranges' } } },
  IOMMU_IOAS_IOVA_RANGES: {
    family: 'iommufd', help: 'the usable IOVA ranges (holes of the reserved list)',
    fields: { fd, ioas_id: { kind: 'handle' }, num_iovas: { kind: 'int', optional: true, help: 'room given; unlimited when absent' } },
  },
  IOMMU_HWPT_ALLOC: {
    family: 'iommufd', as: 'required', help: 'allocate a HW page table (domain) on an IOAS',
    fields: { fd, dev_id: { kind: 'handle' }, pt_id: { kind: 'handle' }, flags: { kind: 'flags', values: HWPT_ALLOC_FLAGS, optional: true } },
  },
  IOMMU_DESTROY: { family: 'iommufd', help: 'destroy an iommufd object', fields: { fd, id: { kind: 'handle' } } },
  VFIO_DEVICE_BIND_IOMMUFD: { family: 'iommufd', as: 'required', help: 'bind a VFIO device cdev to an iommufd', fields: { fd, iommufd: { kind: 'handle' } } },
  VFIO_DEVICE_ATTACH_IOMMUFD_PT: {
    family: 'iommufd', as: 'optional', help: 'attach a bound device (or, with flags PASID, one PASID of it) to an IOAS (automatic domain) or HWPT; replaces when attached',
    fields: { fd, pt_id: { kind: 'handle' }, flags: { kind: 'flags', values: VFIO_DEVICE_PT_FLAGS, optional: true }, pasid: { kind: 'int', optional: true, help: 'the PASID user space chose (with flags PASID)' } },
  },
  VFIO_DEVICE_DETACH_IOMMUFD_PT: {
    family: 'iommufd', help: 'detach a device (or, with flags PASID, one PASID of it) from its page table',
    fields: { fd, flags: { kind: 'flags', values: VFIO_DEVICE_PT_FLAGS, optional: true }, pasid: { kind: 'int', optional: true, help: 'the PASID to detach (with flags PASID)' } },
  },

  inspect: { family: 'meta', help: "an object's canonical state; changes nothing", fields: { target: { kind: 'handle' } } },
} as const satisfies Record<string, OpSpec>;

/** Every op: the VFIO / iommufd core, then the families beyond VFIO, each in its own file. */
export const OPS = { ...CORE_OPS, ...VHOST_OPS, ...SVA_OPS, ...KVM_OPS };

export type OpName = keyof typeof OPS;
export const OP_NAMES = Object.keys(OPS) as OpName[];

export function isOpName(s: string): s is OpName {
  return Object.prototype.hasOwnProperty.call(OPS, s);
}

/** Ops named by the contract that this build does not simulate yet (validation says so). */
export const CONTRACT_OPS_NOT_YET_SIMULATED: readonly string[] = [];
