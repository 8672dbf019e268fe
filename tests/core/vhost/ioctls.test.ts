// VHOST_VDPA_GET_IOVA_RANGE and the backend features per parent kind.
import { describe, expect, it } from 'vitest';
import type { Parent } from './helpers';
import { features, json, open, outcome, run, vdpaDoc } from './helpers';

const range = { op: 'VHOST_VDPA_GET_IOVA_RANGE', fd: 'v' };
const getFeatures = { op: 'VHOST_GET_BACKEND_FEATURES', fd: 'v' };

describe('VHOST_VDPA_GET_IOVA_RANGE', () => {
  const cases: [Parent, string, string, string][] = [
    ['vdpa_sim', 'x86-vtd-48', '0x0', '0xffffffffffffffff'], // vdpasim_get_iova_range (confirmed on 6.12)
    ['mlx5', 'x86-vtd-48', '0x0', '0xffffffffffffffff'], // no get_iova_range, no domain
    ['platform-iommu', 'x86-vtd-48', '0x0', '0xffffffffffff'], // domain aperture
    ['platform-iommu', 'x86-vtd-57', '0x0', '0x1ffffffffffffff'],
    ['platform-iommu', 'selftest-mock', '0x1000000', '0x7fffffff'],
  ];
  for (const [parent, platform, first, last] of cases) {
    it(`${parent} on ${platform}: [${first}, ${last}]`, () => {
      const doc = vdpaDoc(parent, [open(), range]) as Record<string, unknown>;
      const { results } = run({ ...doc, platform });
      expect(json(results[1]!.ok && results[1]!.out)).toEqual({ first, last });
    });
  }
});

describe('backend features', () => {
  it('offered per parent: vdpa_sim 0x17e, mlx5 0x15e, platform IOMMU 0x10e', () => {
    const got = (['vdpa_sim', 'mlx5', 'platform-iommu'] as Parent[]).map((p) => {
      const r = run(vdpaDoc(p, [open(), getFeatures])).results[1]!;
      return json(r.ok && r.out).features;
    });
    expect(got).toEqual(['0x17e', '0x15e', '0x10e']);
  });

  it('checks SUSPEND, RESUME, DESC_ASID without IOTLB_ASID (EINVAL), DESC_ASID without a group op, in that order', () => {
    const { results } = run(vdpaDoc('mlx5', [
      open(), features(['RESUME']), features(['DESC_ASID']), features(['IOTLB_ASID', 'DESC_ASID']), features(['SUSPEND', 'IOTLB_PERSIST']),
      features(['RESUME', 'DESC_ASID']),
    ]));
    expect(results.slice(1).map(outcome)).toEqual(['EOPNOTSUPP', 'EINVAL', 'EOPNOTSUPP', 'ok', 'EOPNOTSUPP']);
  });

  it('a platform-IOMMU parent offers IOTLB_PERSIST but no SUSPEND', () => {
    const { results } = run(vdpaDoc('platform-iommu', [open(), features(['SUSPEND']), features(['IOTLB_PERSIST', 'ENABLE_AFTER_DRIVER_OK'])]));
    expect(results.slice(1).map(outcome)).toEqual(['EOPNOTSUPP', 'ok']);
  });

  it('a refused SET_BACKEND_FEATURES keeps the previous features', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [open(), features(['IOTLB_PERSIST']), features(['DESC_ASID']), { op: 'inspect', target: 'v' }]));
    expect(json(results[3]!.ok && results[3]!.out).features).toEqual(['IOTLB_PERSIST']);
  });
});
