// iommufd ioctls and the VFIO cdev bind/attach/detach ioctls.
// STUB: implemented by the iommufd work.
import type { HandlerTable } from '../sim/handler';

type IommufdOps =
  | 'IOMMU_IOAS_ALLOC' | 'IOMMU_IOAS_MAP' | 'IOMMU_IOAS_UNMAP' | 'IOMMU_IOAS_COPY' | 'IOMMU_IOAS_ALLOW_IOVAS'
  | 'IOMMU_IOAS_IOVA_RANGES' | 'IOMMU_HWPT_ALLOC' | 'IOMMU_DESTROY' | 'VFIO_DEVICE_BIND_IOMMUFD'
  | 'VFIO_DEVICE_ATTACH_IOMMUFD_PT' | 'VFIO_DEVICE_DETACH_IOMMUFD_PT';

const todo = (op: string) => () => {
  throw new Error(`not implemented: ${op}`);
};

export const iommufdHandlers: Pick<HandlerTable, IommufdOps> = {
  IOMMU_IOAS_ALLOC: todo('IOMMU_IOAS_ALLOC'),
  IOMMU_IOAS_MAP: todo('IOMMU_IOAS_MAP'),
  IOMMU_IOAS_UNMAP: todo('IOMMU_IOAS_UNMAP'),
  IOMMU_IOAS_COPY: todo('IOMMU_IOAS_COPY'),
  IOMMU_IOAS_ALLOW_IOVAS: todo('IOMMU_IOAS_ALLOW_IOVAS'),
  IOMMU_IOAS_IOVA_RANGES: todo('IOMMU_IOAS_IOVA_RANGES'),
  IOMMU_HWPT_ALLOC: todo('IOMMU_HWPT_ALLOC'),
  IOMMU_DESTROY: todo('IOMMU_DESTROY'),
  VFIO_DEVICE_BIND_IOMMUFD: todo('VFIO_DEVICE_BIND_IOMMUFD'),
  VFIO_DEVICE_ATTACH_IOMMUFD_PT: todo('VFIO_DEVICE_ATTACH_IOMMUFD_PT'),
  VFIO_DEVICE_DETACH_IOMMUFD_PT: todo('VFIO_DEVICE_DETACH_IOMMUFD_PT'),
};
