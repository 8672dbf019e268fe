// Everything the rest of the core calls in the families beyond VFIO: vhost-vdpa (vhost/), PASID /
// SVA (sva/), KVM's sPAPR TCE tables (kvm/) and their views. One module, so that the browser's
// worker fetches it as one chunk, only for a scenario that needs it (needs.ts); the core reaches
// it through beyond() (registry.ts), never by a static import.
//
// What stays with the core proper: the state types and the small constructors Sim.create uses
// for every scenario (kvm/state.ts, sva/types.ts, sva/platform.ts), the pure readers the VFIO and
// iommufd paths ask (sva/table.ts, sva/iommufd-slots.ts), and what the parser needs for the op
// table and the QEMU macros (vhost/parents.ts, vhost/cost.ts, vhost/qemu-layout.ts): the parser
// also runs in the link codec and the editor, which never load this module.

import type { HandlerTable } from '../sim/handler';
import type { BeyondOp } from '../sim/dispatch';
import { kvmHandlers } from '../kvm/handlers';
import { svaHandlers } from '../sva/handlers';
import { vhostHandlers } from '../vhost/handlers';

/** The handlers of the vhost, SVA and KVM ops (scenario/ops-{vhost,sva,kvm}.ts). */
export const beyondHandlers: Pick<HandlerTable, BeyondOp> = { ...vhostHandlers, ...svaHandlers, ...kvmHandlers };

// Machine set-up and files (sim/sim.ts, process/files.ts, process/memory.ts).
export { vdpaDevicesOf } from '../vhost/device';
export { closeVhostVdpa, openVhostVdpa } from '../vhost/files';
export { closeUacce, openUacce, uacceDeviceForPath } from '../sva/uacce';
export { runningMm } from '../sva/mm';
export { invalidateHwptRange, invalidateMmRange } from '../sva/invalidate';
export { groupHeldOpen, kvmKeepsFileOnClose } from '../kvm/kvm-vfio';
export { closeTableFile } from '../kvm/tce-table';
export { vfioDroppedTable } from '../kvm/hw-tables';

// iommufd's PASID paths (iommufd/handlers.ts, iommufd/device.ts).
export { attachPasid, checkRidCompat, detachAllPasids, detachPasid, ridAttachedViaPasid0 } from '../sva/iommufd-pasid';

// inspect (sim/inspect.ts).
export { inspectTceTable } from '../kvm/inspect';
export { inspectVhostVdpa } from '../vhost/inspect';
export { inspectSvaName, inspectUacce, svaDeviceExtras } from '../sva/inspect';

// Views (view/topology.ts, view/spaces.ts, view/walk.ts, view/summary-nodes.ts).
export { addKvm } from '../view/topology-kvm';
export { addSva } from '../view/topology-sva';
export { addVdpa } from '../view/topology-vdpa';
export { collectKvmSpaces } from '../view/spaces-kvm';
export { collectSvaSpaces } from '../view/spaces-sva';
export { collectVdpaSpaces } from '../view/spaces-vdpa';
export { asidWalk, liobnWalk, svaWalk } from '../view/walk-beyond';
export { addedBeyond, changedBeyond, removedBeyond } from '../view/summary-beyond';
