// The reboot cost model (reference §2.3-2.4). Pure: counts that follow from the rules (UPDATE
// messages, parent calls, pages pinned) and ONE estimate, the time, which is a parameter times
// the GiB re-mapped. The only number typed in is the published anchor below.
//
// ESTIMATE: seconds_per_gib defaults to 0.21 s/GiB = 27 s / 128 GiB, from one published
// measurement (qemu-devel, Aug 2025, Jonah Palmer: a 128 GiB guest on a vhost-vdpa VF, time from
// the first vhost_vdpa_dev_start() to the first VQ enabled 26.9 / 26.6 / 27.3 s; vendor not
// named, likely mlx5 - unverified). It was measured with small pages; hugepage backing is
// expected to be faster (unverified, not modelled). Unpinning (T_unmap) is not counted.

import type { u64 } from '../u64';
import { GiB } from '../u64';
import type { MapOps } from './parents';
import type { ParentCalls } from './types';
import { zeroCalls } from './types';

/**
 * Default seconds per GiB re-mapped (reference §2.4: 128 GiB ≈ 27 s). Here rather than in
 * device.ts: the macros (scenario/macros.ts, part of every parser) use it without the device code.
 */
export const DEFAULT_SECONDS_PER_GIB = 0.21;

export const COST_ANCHOR =
  'ESTIMATE anchored to one published number: 128 GiB guest ≈ 27 s from the first vhost_vdpa_dev_start() to the first VQ enabled ' +
  '(qemu-devel, Aug 2025) -> 0.21 s/GiB, small pages, vendor not stated (likely mlx5, unverified)';

export interface CostParams {
  /** Seconds per GiB re-mapped (pin + map); default 0.21. */
  readonly secondsPerGib: number;
  /** Bytes per backing page (4 KiB, or 2 MiB / 1 GiB hugepages): the unit of "pages pinned". */
  readonly backingPageSize: u64;
}

/** What a reboot (or any window since a device reset) did, from state or from a macro's plan. */
export interface CostInput {
  readonly mapOps: MapOps;
  /** User-VA mode parents pin nothing. */
  readonly useVa: boolean;
  readonly updateMessages: number;
  readonly invalidateMessages: number;
  readonly calls: Readonly<ParentCalls>;
  /** Bytes entered into the IOTLB (accepted UPDATEs): the memory re-mapped. */
  readonly bytesMapped: u64;
}

export interface RebootCost {
  /** Map calls: accepted VHOST_IOTLB_UPDATE messages. */
  readonly update_messages: number;
  readonly invalidate_messages: number;
  /** Parent calls by kind (only the kinds this parent makes). */
  readonly parent_calls: Readonly<Record<string, number>>;
  readonly bytes_remapped: u64;
  /** bytes_remapped / backing page size; 0 for a user-VA parent (nothing pinned). */
  readonly pages_pinned: u64;
  readonly backing_page_size: u64;
  /** GiB re-mapped, to 3 decimals. */
  readonly gib_remapped: number;
  /** ESTIMATE: seconds_per_gib × gib_remapped. */
  readonly estimated_seconds: number;
  readonly seconds_per_gib: number;
  readonly estimate: string;
}

/** The parent calls a parent of this kind can make, in a stable order. */
function callKinds(mapOps: MapOps): (keyof ParentCalls)[] {
  switch (mapOps) {
    case 'set_map': return ['set_map'];
    case 'dma_map': return ['dma_map', 'dma_unmap'];
    case 'iommu': return ['iommu_map', 'iommu_unmap'];
    default: {
      const never: never = mapOps;
      return never;
    }
  }
}

export function rebootCost(input: CostInput, params: CostParams): RebootCost {
  const parent_calls: Record<string, number> = {};
  for (const k of callKinds(input.mapOps)) parent_calls[k] = input.calls[k];
  const gibMilli = (input.bytesMapped * 1000n + GiB / 2n) / GiB;
  const gib = Number(gibMilli) / 1000;
  return {
    update_messages: input.updateMessages,
    invalidate_messages: input.invalidateMessages,
    parent_calls,
    bytes_remapped: input.bytesMapped,
    pages_pinned: input.useVa ? 0n : ceilDiv(input.bytesMapped, params.backingPageSize),
    backing_page_size: params.backingPageSize,
    gib_remapped: gib,
    estimated_seconds: Math.round(params.secondsPerGib * gib * 100) / 100,
    seconds_per_gib: params.secondsPerGib,
    estimate: COST_ANCHOR,
  };
}

function ceilDiv(a: u64, b: u64): u64 {
  return (a + b - 1n) / b;
}

/** One line for a step's note. */
export function formatCost(c: RebootCost, what: string): string {
  const calls = Object.entries(c.parent_calls).map(([k, v]) => `${k} ×${v}`).join(', ');
  // Nothing re-mapped pins nothing whatever the parent; only a user-VA parent maps without pinning.
  const pins =
    c.bytes_remapped === 0n ? 'no pages newly pinned'
    : c.pages_pinned === 0n ? 'no pages pinned (user-VA parent)'
    : `${c.pages_pinned} pages of ${sizeName(c.backing_page_size)} pinned`;
  return `${what}: ${c.update_messages} UPDATE (map) message${c.update_messages === 1 ? '' : 's'}, ${c.invalidate_messages} INVALIDATE, ` +
    `parent calls ${calls || 'none'}, ${pins}, ${c.gib_remapped} GiB re-mapped ≈ ${c.estimated_seconds} s ` +
    `(ESTIMATE: ${c.seconds_per_gib} s/GiB; anchor 128 GiB ≈ 27 s, qemu-devel Aug 2025).`;
}

function sizeName(b: u64): string {
  if (b >= GiB && b % GiB === 0n) return `${b / GiB} GiB`;
  if (b >= 1n << 20n && b % (1n << 20n) === 0n) return `${b >> 20n} MiB`;
  return `${b >> 10n} KiB`;
}

/**
 * The same cost from a macro's expansion, without running it: replays the window since the
 * expansion's last SET_STATUS 0 over the parent's map rules (msg.ts / iotlb.ts), assuming every
 * step succeeds and each INVALIDATE removes exactly the one entry its section's UPDATE created.
 */
export function planCost(
  steps: readonly { readonly op: string; readonly [k: string]: unknown }[],
  parent: { readonly mapOps: MapOps; readonly useVa: boolean }, params: CostParams,
): RebootCost {
  let calls: ParentCalls = zeroCalls();
  let updates = 0;
  let invalidates = 0;
  let bytes = 0n;
  let inBatch = false;
  const setMap = parent.mapOps === 'set_map';
  for (const s of steps) {
    switch (s.op) {
      case 'VHOST_VDPA_SET_STATUS':
        if (s.status === 0) {
          calls = zeroCalls();
          updates = 0;
          invalidates = 0;
          bytes = 0n;
        }
        break;
      case 'VHOST_IOTLB_BATCH_BEGIN':
        inBatch = true;
        break;
      case 'VHOST_IOTLB_BATCH_END':
        if (inBatch && setMap) calls.set_map++;
        inBatch = false;
        break;
      case 'VHOST_IOTLB_UPDATE':
        updates++;
        bytes += s.size as u64;
        if (setMap && !inBatch) calls.set_map++;
        if (parent.mapOps === 'dma_map') calls.dma_map++;
        if (parent.mapOps === 'iommu') calls.iommu_map++;
        break;
      case 'VHOST_IOTLB_INVALIDATE':
        invalidates++;
        if (setMap && !inBatch) calls.set_map++;
        if (parent.mapOps === 'dma_map') calls.dma_unmap++;
        if (parent.mapOps === 'iommu') calls.iommu_unmap++;
        break;
      default:
        break;
    }
  }
  return rebootCost({ mapOps: parent.mapOps, useVa: parent.useVa, updateMessages: updates, invalidateMessages: invalidates, calls, bytesMapped: bytes }, params);
}
