// Variants: the configurations a scenario can be compared on, their labels, and the defaults
// compare mode starts from. A variant only replaces what the scenario format lets a host differ
// in (platform, platform_overrides, kernel); the steps are never touched.

import { isPlatformName } from '../platform/presets';
import type { PlatformName } from '../platform/presets';
import type { KernelOptions, Scenario } from '../scenario/types';
import { stringifyJson } from '../scenario/serialize';
import type { Variant } from './types';

/** vfio_iommu_type1's dma_entry_limit default (drivers/vfio/vfio_iommu_type1.c). */
export const DEFAULT_DMA_ENTRY_LIMIT = 65535;
/** vhost_vdpa's max_iotlb_entries default (drivers/vhost/vdpa.c). */
export const DEFAULT_MAX_IOTLB_ENTRIES = 2048;

/** The configuration the scenario itself asks for. */
export function variantOf(s: Scenario): Variant {
  return {
    platform: s.platform,
    platform_overrides: s.platform_overrides ?? null,
    kernel: kernelOf(s.kernel),
  };
}

/** Kernel options with the default container spelled out (absent numbers stay absent = default). */
export function kernelOf(k: Partial<KernelOptions> | undefined): KernelOptions {
  return {
    vfio_container: k?.vfio_container ?? 'legacy',
    ...(k?.dma_entry_limit !== undefined ? { dma_entry_limit: k.dma_entry_limit } : {}),
    ...(k?.vhost_vdpa_max_iotlb_entries !== undefined ? { vhost_vdpa_max_iotlb_entries: k.vhost_vdpa_max_iotlb_entries } : {}),
  };
}

/**
 * The scenario on another platform. The scenario's platform_overrides were written for its own
 * preset (a narrower aperture of that IOMMU): they travel only when `keepOverrides` says so, and
 * by default only to the same platform.
 */
export function onPlatform(s: Scenario, platform: PlatformName, opts: { keepOverrides?: boolean } = {}): Variant {
  const own = variantOf(s);
  const keep = opts.keepOverrides ?? platform === s.platform;
  return { ...own, platform, platform_overrides: keep ? own.platform_overrides : null };
}

/** The scenario with the variant's configuration; the steps and devices are the scenario's own. */
export function applyVariant(s: Scenario, v: Variant): Scenario {
  const { platform_overrides: _drop, ...rest } = s;
  return {
    ...rest,
    platform: v.platform,
    ...(v.platform_overrides ? { platform_overrides: v.platform_overrides } : {}),
    kernel: v.kernel,
  };
}

export function sameVariant(a: Variant, b: Variant): boolean {
  return stringifyJson(a) === stringifyJson(b);
}

/** Opens /dev/vfio/vfio: the legacy container and iommufd's VFIO compatibility can be compared. */
export function usesVfioContainer(s: Scenario): boolean {
  return s.steps.some((st) => st.op === 'open' && st.path === '/dev/vfio/vfio');
}

/**
 * What compare mode offers first:
 * - a PPC scenario: x86-vtd-48 against its own PPC platform (seed 002: the same guest on both hosts);
 * - a scenario with a VFIO container: the legacy container against iommufd's compatibility layer,
 *   on the scenario's own platform;
 * - otherwise: its own platform against ppc-powernv (x86 and arm hosts) or x86-vtd-48 (the
 *   selftest mock, a PPC-less comparison that still says something).
 */
export function defaultVariants(s: Scenario): { a: Variant; b: Variant } {
  const own = variantOf(s);
  if (s.platform === 'ppc-powernv' || s.platform === 'ppc-pseries') {
    return { a: onPlatform(s, 'x86-vtd-48'), b: own };
  }
  if (usesVfioContainer(s)) {
    return {
      a: { ...own, kernel: { ...own.kernel, vfio_container: 'legacy' } },
      b: { ...own, kernel: { ...own.kernel, vfio_container: 'iommufd' } },
    };
  }
  if (s.platform === 'selftest-mock') return { a: own, b: onPlatform(s, 'x86-vtd-48') };
  return { a: own, b: onPlatform(s, 'ppc-powernv') };
}

/**
 * Names for the two sides that say what differs between them: "x86-vtd-48" / "ppc-powernv",
 * "legacy container" / "iommufd container", "dma_entry_limit 4" / "dma_entry_limit 65535".
 * Identical variants are told apart as "A" and "B".
 */
export function sideLabels(a: Variant, b: Variant): { a: string; b: string } {
  const pa: string[] = [];
  const pb: string[] = [];
  const push = (x: string, y: string): void => {
    pa.push(x);
    pb.push(y);
  };
  if (a.platform !== b.platform) push(a.platform, b.platform);
  if (stringifyJson(a.platform_overrides) !== stringifyJson(b.platform_overrides)) {
    push(a.platform_overrides ? 'with overrides' : 'preset as is', b.platform_overrides ? 'with overrides' : 'preset as is');
  }
  if (a.kernel.vfio_container !== b.kernel.vfio_container) push(`${a.kernel.vfio_container} container`, `${b.kernel.vfio_container} container`);
  const la = a.kernel.dma_entry_limit ?? DEFAULT_DMA_ENTRY_LIMIT;
  const lb = b.kernel.dma_entry_limit ?? DEFAULT_DMA_ENTRY_LIMIT;
  if (la !== lb) push(`dma_entry_limit ${la}`, `dma_entry_limit ${lb}`);
  const ia = a.kernel.vhost_vdpa_max_iotlb_entries ?? DEFAULT_MAX_IOTLB_ENTRIES;
  const ib = b.kernel.vhost_vdpa_max_iotlb_entries ?? DEFAULT_MAX_IOTLB_ENTRIES;
  if (ia !== ib) push(`max_iotlb_entries ${ia}`, `max_iotlb_entries ${ib}`);
  if (pa.length === 0) return { a: `${a.platform} (A)`, b: `${b.platform} (B)` };
  return { a: pa.join(', '), b: pb.join(', ') };
}

/** The whole configuration in one line, for a side's heading: "x86-vtd-48 · legacy container". */
export function describeVariant(v: Variant): string {
  const parts: string[] = [v.platform];
  if (v.platform_overrides) parts.push('platform overrides');
  parts.push(`${v.kernel.vfio_container} container`);
  if (v.kernel.dma_entry_limit !== undefined) parts.push(`dma_entry_limit ${v.kernel.dma_entry_limit}`);
  if (v.kernel.vhost_vdpa_max_iotlb_entries !== undefined) parts.push(`max_iotlb_entries ${v.kernel.vhost_vdpa_max_iotlb_entries}`);
  return parts.join(' · ');
}

/**
 * What the user picks for one side, resolved against the scenario by resolveVariant (the page
 * does not hold the parsed scenario's overrides and kernel numbers; the worker does).
 */
export interface VariantSpec {
  readonly platform: PlatformName;
  /** Apply the scenario's platform_overrides; default: only on the scenario's own platform. */
  readonly keepOverrides?: boolean;
  readonly vfio_container: 'legacy' | 'iommufd';
  /** undefined: the scenario's own value; null: the module's default (absent); a number: that. */
  readonly dma_entry_limit?: number | null;
  readonly vhost_vdpa_max_iotlb_entries?: number | null;
}

export function resolveVariant(s: Scenario, spec: VariantSpec): Variant {
  const own = variantOf(s);
  const keep = spec.keepOverrides ?? spec.platform === s.platform;
  const pick = (asked: number | null | undefined, mine: number | undefined): number | undefined => (asked === undefined ? mine : asked ?? undefined);
  const limit = pick(spec.dma_entry_limit, own.kernel.dma_entry_limit);
  const iotlb = pick(spec.vhost_vdpa_max_iotlb_entries, own.kernel.vhost_vdpa_max_iotlb_entries);
  return {
    platform: spec.platform,
    platform_overrides: keep ? own.platform_overrides : null,
    kernel: {
      vfio_container: spec.vfio_container,
      ...(limit !== undefined ? { dma_entry_limit: limit } : {}),
      ...(iotlb !== undefined ? { vhost_vdpa_max_iotlb_entries: iotlb } : {}),
    },
  };
}

/** The spec that resolves back to `v` on the same scenario (the pickers start from a result's variants). */
export function specOf(v: Variant): VariantSpec {
  return {
    platform: v.platform,
    keepOverrides: v.platform_overrides !== null,
    vfio_container: v.kernel.vfio_container,
    dma_entry_limit: v.kernel.dma_entry_limit ?? null,
    vhost_vdpa_max_iotlb_entries: v.kernel.vhost_vdpa_max_iotlb_entries ?? null,
  };
}

/** A structural check of a spec that crossed a thread boundary (the worker does not trust it blindly). */
export function isVariantSpec(x: unknown): x is VariantSpec {
  if (typeof x !== 'object' || x === null) return false;
  const v = x as Record<string, unknown>;
  const count = (n: unknown): boolean => n === undefined || n === null || (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff);
  return typeof v.platform === 'string' && isPlatformName(v.platform) &&
    (v.keepOverrides === undefined || typeof v.keepOverrides === 'boolean') &&
    (v.vfio_container === 'legacy' || v.vfio_container === 'iommufd') &&
    count(v.dma_entry_limit) && count(v.vhost_vdpa_max_iotlb_entries);
}
