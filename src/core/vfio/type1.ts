// VFIO type1 IOMMU backend (drivers/vfio/vfio_iommu_type1.c).
// STUB: implemented by the VFIO legacy work; container.ts / handlers.ts call these.
export {};
