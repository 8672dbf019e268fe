// The v1 link dictionary, FROZEN: op names, their fields in order, and the flag and enum names a
// v1 body refers to by index. A v1 link means exactly this table forever; it is deliberately not
// derived from the live op table (scenario/ops.ts), which grows. Anything this table cannot say
// (a newer op, field, flag or enum value, a macro) travels as JSON inside the body instead, so every
// valid scenario still encodes; only compactness suffers. Changing a line here breaks every link
// already shared: make a dict-v2.ts and a version 2 codec instead, and keep this one decoding.

/** How a field's value is packed. 'str' strings go through the body's string table; 'text' (notes) does not. */
export type TokenKind = 'u64' | 'int' | 'str' | 'text' | 'flags' | 'enum' | 'ranges' | 'json';

export type DictField = readonly [name: string, kind: TokenKind, values?: readonly string[]];
export type DictOp = readonly [op: string, fields: readonly DictField[]];

/** Op index i is written as i + 1 (0 marks a step carried as JSON). */
export const OPS_V1: readonly DictOp[] = [
  ['open', [['path', 'str'], ['device', 'str']]],
  ['close', [['fd', 'str']]],
  ['mmap', [['length', 'u64'], ['addr', 'u64']]],
  ['munmap', [['addr', 'u64'], ['length', 'u64']]],
  ['VFIO_GROUP_SET_CONTAINER', [['fd', 'str'], ['container', 'str']]],
  ['VFIO_GROUP_UNSET_CONTAINER', [['fd', 'str']]],
  ['VFIO_GROUP_GET_DEVICE_FD', [['fd', 'str'], ['device', 'str']]],
  ['VFIO_SET_IOMMU', [['fd', 'str'], ['type', 'enum', ['VFIO_TYPE1_IOMMU', 'VFIO_TYPE1v2_IOMMU', 'VFIO_SPAPR_TCE_IOMMU', 'VFIO_SPAPR_TCE_v2_IOMMU', 'VFIO_NOIOMMU_IOMMU']]]],
  ['VFIO_IOMMU_GET_INFO', [['fd', 'str']]],
  ['VFIO_IOMMU_MAP_DMA', [['fd', 'str'], ['iova', 'u64'], ['size', 'u64'], ['vaddr', 'u64'], ['flags', 'flags', ['READ', 'WRITE', 'VADDR']]]],
  ['VFIO_IOMMU_UNMAP_DMA', [['fd', 'str'], ['iova', 'u64'], ['size', 'u64'], ['flags', 'flags', ['ALL', 'VADDR', 'GET_DIRTY_BITMAP']]]],
  ['VFIO_IOMMU_SPAPR_REGISTER_MEMORY', [['fd', 'str'], ['vaddr', 'u64'], ['size', 'u64']]],
  ['VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY', [['fd', 'str'], ['vaddr', 'u64'], ['size', 'u64']]],
  ['VFIO_IOMMU_SPAPR_TCE_CREATE', [['fd', 'str'], ['page_shift', 'int'], ['window_size', 'u64'], ['levels', 'int']]],
  ['VFIO_IOMMU_SPAPR_TCE_REMOVE', [['fd', 'str'], ['start_addr', 'u64']]],
  ['IOMMU_IOAS_ALLOC', [['fd', 'str'], ['flags', 'int']]],
  ['IOMMU_IOAS_MAP', [['fd', 'str'], ['ioas_id', 'str'], ['user_va', 'u64'], ['length', 'u64'], ['iova', 'u64'], ['flags', 'flags', ['FIXED_IOVA', 'READABLE', 'WRITEABLE']]]],
  ['IOMMU_IOAS_UNMAP', [['fd', 'str'], ['ioas_id', 'str'], ['iova', 'u64'], ['length', 'u64']]],
  ['IOMMU_IOAS_COPY', [['fd', 'str'], ['dst_ioas_id', 'str'], ['src_ioas_id', 'str'], ['src_iova', 'u64'], ['dst_iova', 'u64'], ['length', 'u64'], ['flags', 'flags', ['FIXED_IOVA', 'READABLE', 'WRITEABLE']]]],
  ['IOMMU_IOAS_ALLOW_IOVAS', [['fd', 'str'], ['ioas_id', 'str'], ['allowed_iovas', 'ranges']]],
  ['IOMMU_IOAS_IOVA_RANGES', [['fd', 'str'], ['ioas_id', 'str'], ['num_iovas', 'int']]],
  ['IOMMU_HWPT_ALLOC', [['fd', 'str'], ['dev_id', 'str'], ['pt_id', 'str'], ['flags', 'flags', ['NEST_PARENT', 'DIRTY_TRACKING', 'FAULT_ID_VALID', 'PASID']]]],
  ['IOMMU_DESTROY', [['fd', 'str'], ['id', 'str']]],
  ['VFIO_DEVICE_BIND_IOMMUFD', [['fd', 'str'], ['iommufd', 'str']]],
  ['VFIO_DEVICE_ATTACH_IOMMUFD_PT', [['fd', 'str'], ['pt_id', 'str'], ['flags', 'flags', ['PASID']], ['pasid', 'int']]],
  ['VFIO_DEVICE_DETACH_IOMMUFD_PT', [['fd', 'str'], ['flags', 'flags', ['PASID']], ['pasid', 'int']]],
  ['inspect', [['target', 'str']]],
  ['VHOST_SET_BACKEND_FEATURES', [['fd', 'str'], ['features', 'flags', ['IOTLB_MSG_V2', 'IOTLB_BATCH', 'IOTLB_ASID', 'SUSPEND', 'RESUME', 'ENABLE_AFTER_DRIVER_OK', 'DESC_ASID', 'IOTLB_PERSIST']]]],
  ['VHOST_GET_BACKEND_FEATURES', [['fd', 'str']]],
  ['VHOST_IOTLB_UPDATE', [['fd', 'str'], ['asid', 'int'], ['iova', 'u64'], ['size', 'u64'], ['uaddr', 'u64'], ['perm', 'enum', ['RO', 'WO', 'RW']]]],
  ['VHOST_IOTLB_INVALIDATE', [['fd', 'str'], ['asid', 'int'], ['iova', 'u64'], ['size', 'u64']]],
  ['VHOST_IOTLB_BATCH_BEGIN', [['fd', 'str'], ['asid', 'int']]],
  ['VHOST_IOTLB_BATCH_END', [['fd', 'str'], ['asid', 'int']]],
  ['VHOST_VDPA_SET_STATUS', [['fd', 'str'], ['status', 'json']]],
  ['VHOST_VDPA_GET_STATUS', [['fd', 'str']]],
  ['VHOST_VDPA_GET_IOVA_RANGE', [['fd', 'str']]],
  ['SIM_DATAPATH', [['fd', 'str'], ['iova', 'u64'], ['uaddr', 'u64']]],
  ['iommu_sva_bind_device', [['device', 'str'], ['mm', 'str']]],
  ['iommu_sva_unbind_device', [['handle', 'str']]],
  ['execve', [['mm', 'str']]],
  ['process_exit', [['mm', 'str']]],
  ['arch_prctl', [['mm', 'str'], ['option', 'enum', ['ARCH_ENABLE_TAGGED_ADDR', 'ARCH_FORCE_TAGGED_SVA']], ['arg2', 'int']]],
  ['iommu_alloc_global_pasid', [['device', 'str']]],
  ['iommu_free_global_pasid', [['handle', 'str']]],
  ['iommu_report_device_fault', [['device', 'str'], ['pasid', 'int'], ['addr', 'u64'], ['perm', 'flags', ['READ', 'WRITE', 'EXEC', 'PRIV']], ['last_page', 'int'], ['grpid', 'int']]],
  ['SIM_DMA', [['device', 'str'], ['pasid', 'int'], ['addr', 'u64']]],
  ['KVM_SET_USER_MEMORY_REGION', [['slot', 'int'], ['flags', 'flags', ['LOG_DIRTY_PAGES', 'READONLY']], ['guest_phys_addr', 'u64'], ['memory_size', 'u64'], ['userspace_addr', 'u64']]],
  ['KVM_CREATE_SPAPR_TCE_64', [['liobn', 'u64'], ['page_shift', 'int'], ['offset', 'u64'], ['size', 'u64'], ['flags', 'int']]],
  ['KVM_DEV_VFIO_GROUP_ADD', [['groupfd', 'str']]],
  ['KVM_DEV_VFIO_GROUP_DEL', [['groupfd', 'str']]],
  ['KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE', [['groupfd', 'str'], ['tablefd', 'str']]],
  ['H_PUT_TCE', [['liobn', 'u64'], ['ioba', 'u64'], ['tce', 'u64']]],
];

/** Meta fields every tokenized step may carry after its op's fields, in this order. */
export const META_V1: readonly DictField[] = [['as', 'str'], ['expect', 'json'], ['note', 'text']];
