// Ops of vhost-vdpa (drivers/vhost/vdpa.c). Merged into OPS by ops.ts. The IOTLB messages are
// write(2)s of one struct vhost_msg_v2 on the /dev/vhost-vdpa-<n> fd; the rest are ioctls.
// VHOST_GET_BACKEND_FEATURES and VHOST_VDPA_GET_STATUS go beyond the contract's table (they are
// real ioctls, and the oracle harness runs them under these names); so does SIM_DATAPATH, the
// oracle's probe of the device's own translation.

import { BACKEND_BIT } from '../vhost/parents';
import type { FieldSpec, OpSpec } from './op-spec';
import { fdField, u64Field } from './op-spec';

const fd = fdField;
const asid: FieldSpec = { kind: 'int', optional: true, help: 'address space id (default 0; read only when IOTLB_ASID was negotiated)' };

export const VHOST_OPS = {
  VHOST_SET_BACKEND_FEATURES: {
    family: 'vhost', help: 'negotiate vhost backend features (IOTLB_BATCH, IOTLB_ASID, IOTLB_PERSIST, ...)',
    fields: { fd, features: { kind: 'flags', values: Object.keys(BACKEND_BIT) } },
  },
  VHOST_GET_BACKEND_FEATURES: { family: 'vhost', help: 'the backend features the device offers', fields: { fd } },
  VHOST_IOTLB_UPDATE: {
    family: 'vhost', help: 'write(2) an IOTLB UPDATE: map [iova, iova + size) to user memory at uaddr',
    fields: { fd, asid, iova: u64Field('IOVA'), size: u64Field('bytes'), uaddr: u64Field('user virtual address'), perm: { kind: 'enum', values: ['RO', 'WO', 'RW'] } },
  },
  VHOST_IOTLB_INVALIDATE: {
    family: 'vhost', help: 'write(2) an IOTLB INVALIDATE: remove every entry overlapping [iova, iova + size) whole',
    fields: { fd, asid, iova: u64Field('IOVA'), size: u64Field('bytes (0 at iova 0: everything)') },
  },
  VHOST_IOTLB_BATCH_BEGIN: { family: 'vhost', help: 'write(2) BATCH_BEGIN: set_map parents hear nothing until BATCH_END', fields: { fd, asid } },
  VHOST_IOTLB_BATCH_END: { family: 'vhost', help: 'write(2) BATCH_END: one set_map for the whole batch', fields: { fd, asid } },
  VHOST_VDPA_SET_STATUS: {
    family: 'vhost', help: 'set the virtio status; 0 resets the device',
    fields: { fd, status: { kind: 'status', help: '0 (reset) or a list of ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK' } },
  },
  VHOST_VDPA_GET_STATUS: { family: 'vhost', help: 'the virtio status byte', fields: { fd } },
  VHOST_VDPA_GET_IOVA_RANGE: { family: 'vhost', help: 'the IOVA range UPDATEs must stay in', fields: { fd } },
  // Not a uAPI call: the oracle harness's probe of vdpa_sim_net's own translation (vhost/datapath.ts).
  SIM_DATAPATH: {
    family: 'vhost', help: "oracle probe (vdpa_sim only, from status 0): loop one frame TX -> RX through the device's own translation of [iova, iova + 0x4000); leaves DRIVER_OK",
    fields: { fd, iova: u64Field('IOVA of the rings and buffers'), uaddr: u64Field('user address of the same memory') },
  },
} as const satisfies Record<string, OpSpec>;
