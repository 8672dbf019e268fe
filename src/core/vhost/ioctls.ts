// vhost-vdpa ioctls (drivers/vhost/vdpa.c vhost_vdpa_unlocked_ioctl, 6.12): backend features,
// virtio status (where a reset happens), the IOVA range.

import { fail, ok } from '../errno';
import type { Step } from '../scenario/types';
import type { Handler } from '../sim/handler';
import { arg } from '../sim/handler';
import { formatCost, rebootCost } from './cost';
import type { VhostFile } from './device';
import { isFail, vhostFile } from './device';
import { backendFeatureNames, backendMask, bf, hasPersistentMap, iovaRangeOf, offeredBackendFeatures } from './parents';
import { statusReset } from './reset';

const IOCTL = 'drivers/vhost/vdpa.c: vhost_vdpa_unlocked_ioctl';
const SET_STATUS = 'drivers/vhost/vdpa.c: vhost_vdpa_set_status';

/** VIRTIO_CONFIG_S_* (include/uapi/linux/virtio_config.h). */
export const STATUS_BIT: Readonly<Record<string, number>> = {
  ACKNOWLEDGE: 0x1, DRIVER: 0x2, DRIVER_OK: 0x4, FEATURES_OK: 0x8, NEEDS_RESET: 0x40, FAILED: 0x80,
};

export function statusNames(status: number): string[] {
  return Object.entries(STATUS_BIT).filter(([, b]) => (status & b) !== 0).map(([n]) => n);
}

function statusValue(v: unknown): number {
  if (!Array.isArray(v)) return 0;
  return v.reduce<number>((acc, n) => acc | (STATUS_BIT[n as string] ?? 0), 0);
}

/**
 * VHOST_SET_BACKEND_FEATURES: checked in this order, not under the device mutex and in any
 * state; accepted features are stored on every virtqueue (vhost_set_backend_features).
 */
export const setBackendFeatures: Handler = (sim, step) => {
  const t = vhostFile(sim, step.fd, 'ioctl', step.op);
  if (isFail(t)) return t;
  const { dev, spec } = t;
  const f = backendMask(arg.flags(step, 'features'));
  // Unknown bits (-EOPNOTSUPP) cannot be written: the scenario names features.
  if ((f & bf('SUSPEND')) && !spec.hasSuspend) return fail('EOPNOTSUPP', `SUSPEND: the ${spec.kind} parent has no suspend op`, IOCTL);
  if ((f & bf('RESUME')) && !spec.hasResume) return fail('EOPNOTSUPP', `RESUME: the ${spec.kind} parent has no resume op${spec.kind === 'mlx5' ? ' (removed at probe without freeze_to_rdy_supported; assumed absent)' : ''}`, IOCTL);
  if ((f & bf('DESC_ASID')) && !(f & bf('IOTLB_ASID'))) return fail('EINVAL', 'DESC_ASID requires IOTLB_ASID in the same mask', IOCTL);
  if ((f & bf('DESC_ASID')) && !spec.hasDescGroup) return fail('EOPNOTSUPP', `DESC_ASID: the ${spec.kind} parent has no get_vq_desc_group op`, IOCTL);
  if ((f & bf('IOTLB_PERSIST')) && !hasPersistentMap(spec)) return fail('EOPNOTSUPP', 'IOTLB_PERSIST: the parent has set_map/dma_map but no reset_map', IOCTL);
  dev.backendFeatures = f;
  return ok();
};

/** VHOST_GET_BACKEND_FEATURES (not in the contract's table; the oracle harness has it). */
export const getBackendFeatures: Handler = (sim, step) => {
  const t = vhostFile(sim, step.fd, 'ioctl', step.op);
  if (isFail(t)) return t;
  const f = offeredBackendFeatures(t.spec);
  return ok({ features: f, names: backendFeatureNames(f) });
};

/**
 * VHOST_VDPA_SET_STATUS: 0 resets the device (see reset.ts: what survives depends on the parent
 * and on IOTLB_PERSIST); a non-zero status may only add bits.
 */
export const setStatus: Handler = (sim, step) => {
  const t = vhostFile(sim, step.fd, 'ioctl', step.op);
  if (isFail(t)) return t;
  const { dev, spec } = t;
  const status = statusValue(step.status);
  const old = dev.status;
  if (status !== 0 && (old & ~status) !== 0) {
    return fail('EINVAL', `the status would drop ${statusNames(old & ~status).join(', ')}: user space may only remove bits by resetting to 0`, SET_STATUS);
  }
  if (status === 0) {
    const what = statusReset(dev, spec);
    const kept = spec.useVa ? 'The vhost IOTLB is kept (user-VA parent: nothing is pinned).' : 'The vhost IOTLB and its pinned pages are kept.';
    return ok({}, { note: `device reset: ${what}. ${kept}` });
  }
  dev.status = status;
  const note = macroCostNote(t, step);
  return ok({}, note ? { note } : undefined);
};

/** VHOST_VDPA_GET_STATUS (not in the contract's table; the oracle harness has it). */
export const getStatus: Handler = (sim, step) => {
  const t = vhostFile(sim, step.fd, 'ioctl', step.op);
  if (isFail(t)) return t;
  return ok({ status: t.dev.status, names: statusNames(t.dev.status) });
};

/** VHOST_VDPA_GET_IOVA_RANGE: v->range, fixed at open. */
export const getIovaRange: Handler = (sim, step) => {
  const t = vhostFile(sim, step.fd, 'ioctl', step.op);
  if (isFail(t)) return t;
  const r = iovaRangeOf(t.spec, sim.state.platform);
  return ok({ first: r.first, last: r.last });
};

/**
 * The last step of a QEMU boot / reboot macro reports the cost of what happened since the
 * device's last reset, from state (cost.ts). The macro carries the estimate's parameters.
 */
function macroCostNote(t: VhostFile, step: Step): string | null {
  const m = step.macro;
  if (!m || m.index !== m.count - 1 || !m.cost) return null;
  t.dev.secondsPerGib = m.cost.seconds_per_gib;
  t.dev.backingPageSize = m.cost.backing_page_size;
  const s = t.dev.sinceReset;
  const c = rebootCost(
    { mapOps: t.spec.mapOps, useVa: t.spec.useVa, updateMessages: s.updateMessages, invalidateMessages: s.invalidateMessages, calls: s.calls, bytesMapped: s.bytesMapped },
    { secondsPerGib: m.cost.seconds_per_gib, backingPageSize: m.cost.backing_page_size },
  );
  const what = m.name === 'qemu.vdpa_guest_reboot' ? 'Reboot cost (since the reset)' : 'Boot cost (since the device was opened or last reset)';
  return formatCost(c, what);
}
