// `?compare=` in a page address: the two sides a link opens compare mode on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCompareParam, parseCompareParam } from '../../../src/core/compare';
import type { VariantSpec } from '../../../src/core/compare';
import { PLATFORM_NAMES } from '../../../src/core/platform/presets';

describe('compare= link parameter', () => {
  it('empty or 1 means the defaults', () => {
    expect(parseCompareParam('')).toEqual({ ok: true, specs: null });
    expect(parseCompareParam('1')).toEqual({ ok: true, specs: null });
  });

  it('two platforms, containers, a dma_entry_limit and overrides', () => {
    expect(parseCompareParam('x86-vtd-48,ppc-powernv')).toEqual({
      ok: true, specs: { a: { platform: 'x86-vtd-48', vfio_container: 'legacy' }, b: { platform: 'ppc-powernv', vfio_container: 'legacy' } },
    });
    expect(parseCompareParam('x86-vtd-48:legacy:limit=4,amd-vi:iommufd:overrides')).toEqual({
      ok: true,
      specs: {
        a: { platform: 'x86-vtd-48', vfio_container: 'legacy', dma_entry_limit: 4 },
        b: { platform: 'amd-vi', vfio_container: 'iommufd', keepOverrides: true },
      },
    });
  });

  it('round-trips what formatCompareParam writes', () => {
    const a = { platform: 'x86-vtd-48' as const, vfio_container: 'iommufd' as const, dma_entry_limit: 65535 };
    const b = { platform: 'selftest-mock' as const, vfio_container: 'legacy' as const, keepOverrides: true };
    const r = parseCompareParam(formatCompareParam(a, b));
    expect(r).toEqual({ ok: true, specs: { a, b } });
  });

  it('round-trips every side compare mode can show: blank limits (the module default), no overrides, the IOTLB limit', () => {
    const limit = fc.option(fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 0xffffffff })), { nil: undefined });
    const side: fc.Arbitrary<VariantSpec> = fc
      .record({
        platform: fc.constantFrom(...PLATFORM_NAMES),
        vfio_container: fc.constantFrom('legacy' as const, 'iommufd' as const),
        dma_entry_limit: limit,
        vhost_vdpa_max_iotlb_entries: limit,
        keepOverrides: fc.option(fc.boolean(), { nil: undefined }),
      })
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as VariantSpec);
    fc.assert(fc.property(side, side, (a, b) => {
      expect(parseCompareParam(formatCompareParam(a, b))).toEqual({ ok: true, specs: { a, b } });
    }));
    expect(formatCompareParam({ platform: 'x86-vtd-48', vfio_container: 'legacy', dma_entry_limit: null, keepOverrides: false }, { platform: 'x86-vtd-48', vfio_container: 'legacy', vhost_vdpa_max_iotlb_entries: 16 }))
      .toBe('x86-vtd-48:legacy:limit=default:nooverrides,x86-vtd-48:legacy:iotlb=16');
  });

  it('refuses what it does not understand, saying which side and why', () => {
    expect(parseCompareParam('x86-vtd-48')).toEqual({ ok: false, message: 'compare= names two sides separated by a comma, not 1' });
    expect(parseCompareParam('x86,ppc-powernv')).toEqual({ ok: false, message: 'side A: "x86" is not a platform preset' });
    expect(parseCompareParam('x86-vtd-48,ppc-powernv:fast')).toMatchObject({ ok: false, message: expect.stringMatching(/^side B: "fast" is not an option/) });
    expect(parseCompareParam('x86-vtd-48:limit=99999999999,ppc-powernv').ok).toBe(false);
  });
});
