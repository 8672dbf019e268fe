// Change summary, address-space half: "IOAS 2: +area [0x1000000, 0x1001fff] -> user
// 0x7f0000000000", "container 1: -2 mappings in [0x100000, 0x4000ffff]", "container 1: usable
// IOVA now [0x0, 0xfedfffff], [0xfef00000, 0xffffffffffff]". A space that appeared or vanished
// with its node is told by the node's line; a HWPT's mappings mirror its IOAS's and are not
// repeated, nor are a PASID's (its HWPT's IOAS areas, or its mm's memory); a vDPA ASID's device
// translation is told by the ASID's node line (summary-beyond.ts), not range by range.

import type { u64 } from '../u64';
import { hex } from '../u64';
import type { InPlace, RangeDelta } from './diff-ranges';
import { count, span } from './text';
import type { RangeKind, RangeRef, SpaceKind } from './types';

/** What the summary needs to know about a space, from either side of the step. */
export interface SpaceInfo {
  readonly name: string;
  readonly kind: SpaceKind;
  /** The layer's ranges after the step, for small layers (usable IOVA lists). */
  readonly now: (kind: RangeKind) => readonly RangeRef[] | null;
}

/** Each change is listed one per line up to this many; more are counted. */
const LIST_UP_TO = 3;

function mappingWords(kind: SpaceKind): { one: string; many: string; to: string } {
  switch (kind) {
    case 'type1': return { one: 'mapping', many: 'mappings', to: 'vaddr' };
    case 'ioas':
    case 'compat-ioas':
    case 'hwpt': return { one: 'area', many: 'areas', to: 'user' };
    case 'spapr': return { one: 'TCE run', many: 'TCE runs', to: 'ua' };
    case 'process': return { one: 'vma', many: 'vmas', to: 'at' };
    case 'vdpa-iotlb': return { one: 'IOTLB entry', many: 'IOTLB entries', to: 'uaddr' };
    case 'sva': return { one: 'vma', many: 'vmas', to: 'at' };
    case 'pasid': return { one: 'area', many: 'areas', to: 'user' };
    case 'kvm-tce': return { one: 'guest TCE run', many: 'guest TCE runs', to: 'ua' };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function kindWords(kind: RangeKind, space: SpaceKind): { one: string; many: string; to: string } {
  switch (kind) {
    case 'mapping': return mappingWords(space);
    case 'reserved': return { one: 'reserved', many: 'reserved ranges', to: '' };
    case 'excluded': return { one: 'excluded', many: 'excluded ranges', to: '' };
    case 'allowed': return { one: 'allowed', many: 'allowed ranges', to: '' };
    case 'usable': return { one: 'usable', many: 'usable ranges', to: '' };
    case 'window': return { one: 'window', many: 'windows', to: '' };
    case 'vma': return { one: 'vma', many: 'vmas', to: '' };
    case 'bug': return { one: 'TCEs (KERNEL BUG)', many: 'runs of TCEs past a window end (KERNEL BUG)', to: 'ua' };
    case 'identity': return { one: 'identity', many: 'identity ranges', to: '' };
    case 'device-map': return { one: 'device entry', many: 'device entries', to: 'uaddr' };
    case 'stale': return { one: 'stale entry', many: 'stale entries', to: 'uaddr' };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function oneLine(sign: '+' | '-', r: RangeRef, w: { one: string; to: string }): string {
  const to = r.backing !== undefined && w.to ? ` -> ${w.to} ${hex(r.backing)}` : '';
  const label = r.label ? ` (${r.label})` : '';
  return `${sign}${w.one} ${span(r.first, r.last)}${to}${label}`;
}

function side(sign: '+' | '-', list: readonly RangeRef[], n: number, bounds: { first: u64; last: u64 } | null, w: { one: string; many: string; to: string }): string[] {
  if (n === 0) return [];
  if (n <= LIST_UP_TO && list.length === n) return list.map((r) => oneLine(sign, r, w));
  return [`${sign}${count(n, w.one, w.many)}${bounds ? ` in ${span(bounds.first, bounds.last)}` : ''}`];
}

function inPlaceLines(list: readonly InPlace[], n: number, w: { one: string; many: string; to: string }): string[] {
  if (n === 0) return [];
  if (n <= LIST_UP_TO && list.length === n) {
    return list.map((c) => c.was !== undefined && c.now !== undefined && c.was !== c.now
      ? `${w.one} ${span(c.first, c.last)} now -> ${w.to} ${hex(c.now)} (was ${hex(c.was)})`
      : `${w.one} ${span(c.first, c.last)} changed in place`);
  }
  return [`${count(n, w.one, w.many)} changed in place`];
}

/** Lines for one space's range changes (one delta per kind). */
export function rangeSummary(deltas: readonly RangeDelta[], before: ReadonlyMap<string, SpaceInfo>, after: ReadonlyMap<string, SpaceInfo>): string[] {
  const out: string[] = [];
  const order: RangeKind[] = ['mapping', 'bug', 'window', 'usable', 'reserved', 'excluded', 'allowed', 'vma', 'device-map', 'identity', 'stale'];
  const sorted = [...deltas].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  const lines = new Map<string, string[]>();
  for (const d of sorted) {
    const b = before.get(d.space);
    const a = after.get(d.space);
    // Vanished with its node (a released backend, a destroyed IOAS): the node's line says it.
    if (!a) continue;
    // A HWPT's, a PASID's (its HWPT's areas) and an SVA PASID's (the mm's memory) lanes mirror another.
    if (a.kind === 'hwpt' || a.kind === 'pasid' || a.kind === 'sva') continue;
    // A vDPA ASID's device translation is told by its node (reset to identity, stale, in sync again).
    if (d.kind === 'identity' || d.kind === 'stale' || d.kind === 'device-map') continue;
    // Windows have their own node lines.
    if (d.kind === 'window') continue;
    const fresh = !b;
    if (fresh && d.kind !== 'usable' && d.kind !== 'mapping' && d.kind !== 'vma') continue;
    const w = kindWords(d.kind, a.kind);
    let mine: string[];
    if (d.kind === 'usable') {
      const now = a.now('usable');
      mine = now && now.length <= 4
        ? [`usable IOVA now ${now.length ? now.map((r) => span(r.first, r.last)).join(', ') : 'none'}`]
        : [`usable IOVA: ${[d.addedCount ? `+${d.addedCount}` : '', d.removedCount ? `-${d.removedCount}` : ''].filter(Boolean).join(' ')} ranges`];
    } else {
      mine = [
        ...side('-', d.removed, d.removedCount, d.removedSpan, w),
        ...side('+', d.added, d.addedCount, d.addedSpan, w),
        ...inPlaceLines(d.inPlace, d.inPlaceCount, w),
      ];
    }
    const list = lines.get(d.space) ?? [];
    list.push(...mine.map((l) => `${a.name}: ${l}`));
    lines.set(d.space, list);
  }
  for (const l of lines.values()) out.push(...l);
  return out;
}
