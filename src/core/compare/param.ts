// Compare mode in a page address: `?compare=` names the two sides, so a link can open a scenario
// already compared ("open this link: step 7 is where the PPC host says ENXIO").
//
//   compare=1 (or empty)                        the defaults for the scenario
//   compare=x86-vtd-48,ppc-powernv              two platforms, legacy container
//   compare=x86-vtd-48:legacy,x86-vtd-48:iommufd
//   compare=x86-vtd-48:limit=4,x86-vtd-48      type1's dma_entry_limit on side A
//   compare=amd-vi:overrides,x86-vtd-48         the scenario's platform_overrides on side A
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
    const limit = /^limit=(\d{1,10})$/.exec(o);
    if (o === 'legacy' || o === 'iommufd') spec = { ...spec, vfio_container: o };
    else if (o === 'overrides') spec = { ...spec, keepOverrides: true };
    else if (limit && Number(limit[1]) <= 0xffffffff) spec = { ...spec, dma_entry_limit: Number(limit[1]) };
    else return { ok: false, message: `"${clip(o)}" is not an option (legacy, iommufd, limit=N, overrides)` };
  }
  return { ok: true, spec };
}

/** The parameter's value for two sides (what parseCompareParam reads back). */
export function formatCompareParam(a: VariantSpec, b: VariantSpec): string {
  const side = (v: VariantSpec): string => [
    v.platform,
    v.vfio_container,
    ...(typeof v.dma_entry_limit === 'number' ? [`limit=${v.dma_entry_limit}`] : []),
    ...(v.keepOverrides ? ['overrides'] : []),
  ].join(':');
  return `${side(a)},${side(b)}`;
}

function clip(s: string): string {
  return s.length > 30 ? s.slice(0, 27) + '...' : s;
}
