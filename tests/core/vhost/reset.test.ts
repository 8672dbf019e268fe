// Device reset (VHOST_VDPA_SET_STATUS 0) and close, per parent kind, with and without
// IOTLB_PERSIST: rules R1 (the IOTLB and its pins survive), R2 (the parent's translation), R4 (close).
import { describe, expect, it } from 'vitest';
import type { Parent } from './helpers';
import { begin, end, features, inspect, json, lastInspect, open, outcome, run, status, U, upd, vdpaDoc } from './helpers';

const BASE = ['IOTLB_MSG_V2', 'IOTLB_BATCH'];
const PERSIST = [...BASE, 'IOTLB_PERSIST'];

function afterReset(parent: Parent, persist: boolean) {
  const { results } = run(vdpaDoc(parent, [
    open(), features(persist ? PERSIST : BASE), upd('0x0', '0xa0000'), upd('0x100000', '0x100000', '0x7f0000100000'),
    status(['ACKNOWLEDGE', 'DRIVER', 'FEATURES_OK', 'DRIVER_OK']), status(0), inspect(),
  ]));
  return { results, out: lastInspect(results) };
}

describe('SET_STATUS 0 per parent kind', () => {
  const cases: [Parent, boolean, string][] = [
    ['mlx5', false, 'identity'], ['mlx5', true, 'in sync'],
    ['vdpa_sim', false, 'identity'], ['vdpa_sim', true, 'in sync'],
    ['platform-iommu', false, 'in sync'], ['platform-iommu', true, 'in sync'],
  ];
  for (const [parent, persist, device] of cases) {
    it(`${parent}, ${persist ? 'with' : 'without'} IOTLB_PERSIST: the IOTLB stays, the device is ${device}`, () => {
      const { out } = afterReset(parent, persist);
      // R1: the vhost IOTLB and its pins.
      expect(out.iotlb.map((e: any) => e.iova)).toEqual(['0x0', '0x100000']);
      expect(out.pinned_pages).toBe(parent === 'vdpa_sim' ? '0x0' : '0x1a0');
      expect(out.status).toEqual([]);
      // R2: the parent's translation.
      const t0 = out.translation[0];
      if (device === 'identity') expect(t0).toMatchObject({ device: 'identity', untranslated: 2, state: expect.stringMatching(/^stale: 2 entries the device does not translate/) });
      else expect(t0).toMatchObject({ device: 'map', device_entries: 2, state: 'in sync' });
    });
  }

  it('mlx5 CLEAN_MAP: ASID 0 gets the identity DMA MR back, ASID 1 has no memory key', () => {
    const { out } = afterReset('mlx5', false);
    expect(out.translation.map((t: any) => t.device)).toEqual(['identity', 'none']);
  });

  it('vdpa_sim CLEAN_MAP: every ASID back to identity', () => {
    const { out } = afterReset('vdpa_sim', false);
    expect(out.translation.map((t: any) => t.device)).toEqual(['identity', 'identity']);
  });

  it('after a CLEAN_MAP reset the same UPDATE is EEXIST (inner); INVALIDATE + UPDATE restores the device', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [
      open(), upd('0x200000', '0x4000'), status(0), upd('0x200000', '0x4000'),
      { op: 'VHOST_IOTLB_INVALIDATE', fd: 'v', iova: '0x200000', size: '0x4000' }, upd('0x200000', '0x4000'), inspect(),
    ]));
    expect(results.slice(3, 6).map(outcome)).toEqual(['EFAULT', 'ok', 'ok']);
    expect(results[3]!.ok ? '' : results[3]!.reason).toContain('inner -EEXIST');
    expect(lastInspect(results).translation[0].state).toBe('in sync');
  });

  it('a batch left open survives SET_STATUS 0 (only open and release clear in_batch)', () => {
    const { results } = run(vdpaDoc('mlx5', [open(), begin(), upd('0x0', '0x1000'), status(0), inspect(), end(), inspect()]));
    expect(json(results[4]!.ok && results[4]!.out).in_batch).toBe(0);
    expect(lastInspect(results)).toMatchObject({ in_batch: null, translation: [{ state: 'in sync' }, {}] });
  });

  it('the reset result says what the parent did', () => {
    const note = (p: Parent, persist: boolean) => {
      const r = afterReset(p, persist).results[5]!;
      return r.ok ? r.note : '';
    };
    expect(note('mlx5', false)).toContain('mlx5_vdpa_clean_mrs');
    expect(note('vdpa_sim', false)).toContain('vdpasim_do_reset');
    expect(note('vdpa_sim', true)).toContain('IOTLB_PERSIST');
    expect(note('platform-iommu', false)).toContain('IOMMU domain');
  });
});

describe('status bits', () => {
  it('a non-zero status may only add bits (EINVAL otherwise); 0 always resets', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [
      open(), status(['ACKNOWLEDGE', 'DRIVER']), status(['DRIVER']), status(['ACKNOWLEDGE', 'DRIVER', 'DRIVER_OK']), status(['ACKNOWLEDGE']),
      { op: 'VHOST_VDPA_GET_STATUS', fd: 'v' }, status(0), { op: 'VHOST_VDPA_GET_STATUS', fd: 'v' },
    ]));
    expect(results.slice(1).map(outcome)).toEqual(['ok', 'EINVAL', 'ok', 'EINVAL', 'ok', 'ok', 'ok']);
    expect(json(results[5]!.ok && results[5]!.out)).toEqual({ status: 7, names: ['ACKNOWLEDGE', 'DRIVER', 'DRIVER_OK'] });
    expect(json(results[7]!.ok && results[7]!.out).status).toBe(0);
  });
});

describe('open and close (R4)', () => {
  for (const parent of ['mlx5', 'vdpa_sim', 'platform-iommu'] as Parent[]) {
    it(`${parent}: close unmaps and unpins everything, the device reopens empty and in its default translation`, () => {
      const { results } = run(vdpaDoc(parent, [
        open(), features(PERSIST), upd('0x0', '0x100000'), { op: 'close', fd: 'v' }, open('w'), inspect('w'), upd('0x0', '0x100000', U, { fd: 'w' }),
      ]));
      expect(results.map(outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
      const out = json(results[5]!.ok && results[5]!.out);
      expect(out).toMatchObject({ iotlb: [], address_spaces: [], pinned_pages: '0x0', features: [], status: [] });
      const expected = { mlx5: 'identity', vdpa_sim: 'identity', 'platform-iommu': 'map' }[parent];
      expect(out.translation[0].device).toBe(expected);
      if (parent !== 'platform-iommu') expect(out.parent_calls.reset_map).toBe(1);
      else expect(out.parent_calls.iommu_unmap).toBe(1);
    });
  }

  it('open is exclusive (EBUSY); a node past the last vDPA device is ENOENT; `device` names one directly', () => {
    const { results } = run(vdpaDoc(['vdpa_sim', 'mlx5'], [
      open(), open('again'), open('x', 2), { op: 'open', path: '/dev/vhost-vdpa-0', device: 'vdpa1', as: 'm' }, inspect('m'),
    ]));
    expect(results.map(outcome)).toEqual(['ok', 'EBUSY', 'ENOENT', 'ok', 'ok']);
    expect(lastInspect(results)).toMatchObject({ parent: 'mlx5', node: '/dev/vhost-vdpa-1' });
  });

  it('a platform-IOMMU parent cannot open on a platform without paging domains (powernv)', () => {
    const doc = vdpaDoc('platform-iommu', [open()]) as Record<string, unknown>;
    const { results } = run({ ...doc, platform: 'ppc-powernv' });
    expect(outcome(results[0]!)).toBe('EOPNOTSUPP');
  });

  it('vhost messages on a VFIO container fd are EINVAL (no write op); vhost ioctls ENOTTY once it has a backend', () => {
    const { results } = run({
      format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', devices: [{ id: 'nic', group: 7 }],
      steps: [
        { op: 'open', path: '/dev/vfio/vfio', as: 'c' }, { op: 'VHOST_IOTLB_UPDATE', fd: 'c', iova: '0x0', size: '0x1000', uaddr: U, perm: 'RW' },
        { op: 'VHOST_VDPA_SET_STATUS', fd: 'c', status: 0 },
        { op: 'open', path: '/dev/vfio/7', as: 'g' }, { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' },
        { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1v2_IOMMU' }, { op: 'VHOST_VDPA_SET_STATUS', fd: 'c', status: 0 },
      ],
    });
    expect(results.map(outcome)).toEqual(['ok', 'EINVAL', 'EINVAL', 'ok', 'ok', 'ok', 'ENOTTY']);
  });
});
