// Handlers of the vhost ops (scenario/ops-vhost.ts).

import type { VHOST_OPS } from '../scenario/ops-vhost';
import type { HandlerTable } from '../sim/handler';
import { simDatapath } from './datapath';
import { getBackendFeatures, getIovaRange, getStatus, setBackendFeatures, setStatus } from './ioctls';
import { iotlbBatchBegin, iotlbBatchEnd, iotlbInvalidate, iotlbUpdate } from './msg';

export const vhostHandlers: Pick<HandlerTable, keyof typeof VHOST_OPS> = {
  VHOST_SET_BACKEND_FEATURES: setBackendFeatures,
  VHOST_GET_BACKEND_FEATURES: getBackendFeatures,
  VHOST_IOTLB_UPDATE: iotlbUpdate,
  VHOST_IOTLB_INVALIDATE: iotlbInvalidate,
  VHOST_IOTLB_BATCH_BEGIN: iotlbBatchBegin,
  VHOST_IOTLB_BATCH_END: iotlbBatchEnd,
  VHOST_VDPA_SET_STATUS: setStatus,
  VHOST_VDPA_GET_STATUS: getStatus,
  VHOST_VDPA_GET_IOVA_RANGE: getIovaRange,
  SIM_DATAPATH: simDatapath,
};
