// The reboot cost model (vhost/cost.ts): counts from the rules, one estimate from one anchor.
import { describe, expect, it } from 'vitest';
import { GiB, TiB } from '../../../src/core/u64';
import { COST_ANCHOR, planCost, rebootCost } from '../../../src/core/vhost/cost';
import { q35Layout } from '../../../src/core/vhost/qemu-layout';
import { zeroCalls } from '../../../src/core/vhost/types';
import { json, lastInspect, open, run, vdpaDoc } from './helpers';

const TIB_GUEST = (persist: boolean, extra: Record<string, unknown> = {}) => vdpaDoc('mlx5', [
  open(),
  { op: 'qemu.vdpa_guest_boot', fd: 'v', ram_size: '0x10000000000', backend_features: ['IOTLB_MSG_V2', 'IOTLB_BATCH', 'IOTLB_ASID', ...(persist ? ['IOTLB_PERSIST'] : [])], ...extra },
  { op: 'qemu.vdpa_guest_reboot', fd: 'v', ...extra },
  { op: 'inspect', target: 'v' },
]);

describe('a 1 TiB guest rebooting on mlx5', () => {
  const layout = q35Layout(TiB);
  const bytes = layout.reduce((a, s) => a + s.size, 0n);

  it('without IOTLB_PERSIST: one UPDATE and one INVALIDATE per section, two set_map, every page re-pinned, 0.21 s per GiB', () => {
    const { results } = run(TIB_GUEST(false));
    const c = lastInspect(results).since_reset;
    expect(c.update_messages).toBe(layout.length);
    expect(c.invalidate_messages).toBe(layout.length);
    expect(c.parent_calls).toEqual({ set_map: 2 }); // one per batch: the unmap batch and the remap batch
    expect(BigInt(c.bytes_remapped)).toBe(bytes);
    expect(BigInt(c.pages_pinned)).toBe(bytes / 4096n);
    const gib = Math.round(Number((bytes * 1000n) / GiB)) / 1000;
    expect(c.gib_remapped).toBe(gib);
    expect(c.estimated_seconds).toBeCloseTo(0.21 * gib, 2);
    expect(c.estimate).toBe(COST_ANCHOR);
    // The same figures in the reboot's last result.
    const last = results[results.length - 2]!;
    expect(last.ok && last.note).toContain(`${bytes / 4096n} pages of 4 KiB pinned`);
  });

  it('with IOTLB_PERSIST: nothing re-mapped, nothing re-pinned, no time, and the device still translates everything', () => {
    const out = lastInspect(run(TIB_GUEST(true)).results);
    expect(out.since_reset).toMatchObject({ update_messages: 0, invalidate_messages: 0, parent_calls: { set_map: 0 }, bytes_remapped: '0x0', pages_pinned: '0x0', estimated_seconds: 0 });
    expect(out.translation[0]).toMatchObject({ state: 'in sync', device_entries: layout.length });
    expect(BigInt(out.pinned_pages)).toBe(bytes / 4096n); // pinned once, at boot, and kept
  });

  it('hugepage backing and seconds_per_gib are parameters of the macro', () => {
    const out = lastInspect(run(TIB_GUEST(false, { backing_page_size: '0x40000000', seconds_per_gib: 0.05 })).results);
    expect(out.since_reset.pages_pinned).toBe('0x401'); // 1 TiB + 128 KiB in 1 GiB pages, rounded up
    expect(out.since_reset.estimated_seconds).toBeCloseTo(0.05 * 1024, 2);
  });
});

describe('planCost and rebootCost (pure)', () => {
  const params = { secondsPerGib: 0.21, backingPageSize: 4096n };
  const steps = [
    { op: 'VHOST_VDPA_SET_STATUS', status: 0 },
    { op: 'VHOST_IOTLB_INVALIDATE', size: GiB }, { op: 'VHOST_IOTLB_INVALIDATE', size: GiB },
    { op: 'VHOST_IOTLB_BATCH_BEGIN' }, { op: 'VHOST_IOTLB_UPDATE', size: GiB }, { op: 'VHOST_IOTLB_UPDATE', size: GiB }, { op: 'VHOST_IOTLB_BATCH_END' },
  ];

  it('set_map parents: one call per message outside a batch, one per batch', () => {
    expect(planCost(steps, { mapOps: 'set_map', useVa: false }, params).parent_calls).toEqual({ set_map: 3 });
  });

  it('platform IOMMU: one iommu_map per UPDATE, one iommu_unmap per entry removed; batches change nothing', () => {
    expect(planCost(steps, { mapOps: 'iommu', useVa: false }, params).parent_calls).toEqual({ iommu_map: 2, iommu_unmap: 2 });
  });

  it('a user-VA parent pins nothing; the window starts at the last reset', () => {
    const c = planCost([{ op: 'VHOST_IOTLB_UPDATE', size: GiB }, ...steps], { mapOps: 'set_map', useVa: true }, params);
    expect(c).toMatchObject({ update_messages: 2, pages_pinned: 0n, gib_remapped: 2, estimated_seconds: 0.42 });
  });

  it('rebootCost rounds GiB to 3 decimals and the time to 10 ms', () => {
    const c = rebootCost({ mapOps: 'iommu', useVa: false, updateMessages: 1, invalidateMessages: 0, calls: zeroCalls(), bytesMapped: 3n * GiB / 7n }, params);
    expect(json(c)).toMatchObject({ gib_remapped: 0.429, estimated_seconds: 0.09, pages_pinned: '0x1b6dc' });
  });
});
