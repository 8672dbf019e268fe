// Handlers of the kvm ops (scenario/ops-kvm.ts).

import type { KVM_OPS } from '../scenario/ops-kvm';
import type { HandlerTable } from '../sim/handler';
import { hPutTce } from './h-put-tce';
import { groupAdd, groupDel, setSpaprTce } from './kvm-vfio';
import { setUserMemoryRegion } from './memslots';
import { createSpaprTce64 } from './tce-table';

export const kvmHandlers: Pick<HandlerTable, keyof typeof KVM_OPS> = {
  KVM_SET_USER_MEMORY_REGION: setUserMemoryRegion,
  KVM_CREATE_SPAPR_TCE_64: createSpaprTce64,
  KVM_DEV_VFIO_GROUP_ADD: groupAdd,
  KVM_DEV_VFIO_GROUP_DEL: groupDel,
  KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE: setSpaprTce,
  H_PUT_TCE: hPutTce,
};

