// Compare mode in a page address: `?compare=` names the two sides, so a link can open a scenario
// already compared ("open this link: step 7 is where the PPC host says ENXIO").
//
//   compare=1 (or empty)                        the defaults for the scenario
//   compare=x86-vtd-48,ppc-powernv              two platforms, legacy container
//   compare=x86-vtd-48:legacy,x86-vtd-48:iommufd
//   compare=x86-vtd-48:limit=4,x86-vtd-48      type1's dma_entry_limit on side A
//   compare=x86-vtd-48:limit=default,...        the module's default limit, whatever the scenario says
//   compare=x86-vtd-48:iotlb=16,...             vhost_vdpa's IOTLB entry limit (iotlb=default too)
//   compare=amd-vi:overrides,x86-vtd-48         the scenario's platform_overrides on side A
//   compare=x86-vtd-48:nooverrides,...          without them, even on the scenario's own platform
//
// An option left out takes the scenario's own value (or, for the overrides, applies them only
// on the scenario's own platform); formatCompareParam writes every explicit choice, so the
// address reopens exactly the sides on screen.
//
// A side is a platform then `:`-separated options in any order. Pure: parsed in the page,
// tested in Node.

import { isPlatformName } from '../platform/presets';
import type { VariantSpec } from './variant';

export type CompareParam =
  | { readonly ok: true; readonly specs: { readonly a: VariantSpec; readonly b: VariantSpec } | null }
  | { readonly ok: false; readonly message: string };

export function parseCompareParam(raw: string): CompareParam {
  const text = raw.trim();
  if (text === '' || text === '1') return { ok: true, specs: null };
  const sides = text.split(',');
  if (sides.length !== 2) return { ok: false, message: `compare= names two sides separated by a comma, not ${sides.length}` };
  const a = parseSide(sides[0]!);
  if (!a.ok) return { ok: false, message: `side A: ${a.message}` };
  const b = parseSide(sides[1]!);
  if (!b.ok) return { ok: false, message: `side B: ${b.message}` };
  return { ok: true, specs: { a: a.spec, b: b.spec } };
}

function parseSide(s: string): { ok: true; spec: VariantSpec } | { ok: false; message: string } {
  const [platform = '', ...opts] = s.trim().split(':');
  if (!isPlatformName(platform)) return { ok: false, message: `"${clip(platform)}" is not a platform preset` };
  let spec: VariantSpec = { platform, vfio_container: 'legacy' };
  for (const o of opts) {
    const num = /^(limit|iotlb)=(\d{1,10}|default)$/.exec(o);
    if (o === 'legacy' || o === 'iommufd') spec = { ...spec, vfio_container: o };
    else if (o === 'overrides' || o === 'nooverrides') spec = { ...spec, keepOverrides: o === 'overrides' };
    else if (num && (num[2] === 'default' || Number(num[2]) <= 0xffffffff)) {
      const value = num[2] === 'default' ? null : Number(num[2]);
      spec = num[1] === 'limit' ? { ...spec, dma_entry_limit: value } : { ...spec, vhost_vdpa_max_iotlb_entries: value };
    } else return { ok: false, message: `"${clip(o)}" is not an option (legacy, iommufd, limit=N|default, iotlb=N|default, overrides, nooverrides)` };
  }
  return { ok: true, spec };
}

/** The parameter's value for two sides (what parseCompareParam reads back, exactly). */
export function formatCompareParam(a: VariantSpec, b: VariantSpec): string {
  const num = (name: string, v: number | null | undefined): string[] => (v === undefined ? [] : [`${name}=${v === null ? 'default' : v}`]);
  const side = (v: VariantSpec): string => [
    v.platform,
    v.vfio_container,
    ...num('limit', v.dma_entry_limit),
    ...num('iotlb', v.vhost_vdpa_max_iotlb_entries),
    ...(v.keepOverrides === undefined ? [] : [v.keepOverrides ? 'overrides' : 'nooverrides']),
  ].join(':');
  return `${side(a)},${side(b)}`;
}

function clip(s: string): string {
  return s.length > 30 ? s.slice(0, 27) + '...' : s;
}
