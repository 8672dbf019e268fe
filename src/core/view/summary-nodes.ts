// Change summary, topology half: one line per thing a kernel developer would say happened
// ("container 1: type1v2 backend released (last group 26 left), 2 mappings dropped", "close
// fd 4 (/dev/vfio/26)", "nic0 attached to HWPT 3"). Reads only the nodes' attrs, so the same
// words come out whether the changes were computed from states or from snapshots.

import { beyond } from '../beyond/registry';
import { nodeId } from './ids';
import type { BeyondKind } from './summary-beyond';
import type { AttrValue, NodeKind, TopoNode } from './types';
import { count, span } from './text';

export type Nodes = ReadonlyMap<string, TopoNode>;

const attr = (n: TopoNode | undefined, k: string): AttrValue | undefined => n?.attrs[k];
const str = (v: AttrValue | undefined): string => (v === null || v === undefined ? '' : typeof v === 'bigint' ? '0x' + v.toString(16) : String(v));

/** "container 1" from "iommu-backend:1" / "window:1:0" / "domain:1:2". */
const containerOf = (id: string): string => `container ${id.split(':')[1]}`;
const ictxOf = (id: string): string => `iommufd ${id.split(':')[1]}`;

/** "group 26" / "groups 26, 27" from a list attr. */
const groupsWord = (l: string): string => (l.includes(',') ? `groups ${l}` : `group ${l}`);

/**
 * The kinds summary-beyond.ts words (vDPA, SVA, KVM): one list for the added, removed and
 * changed lines, complete by its type. Only the beyond-VFIO code (core/beyond) makes such nodes,
 * so it is loaded whenever one is here.
 */
const BEYOND: Readonly<Record<BeyondKind, true>> = {
  vdpa: true, 'vdpa-parent': true, asid: true, mm: true, 'sva-domain': true, pasid: true, 'uacce-queue': true, kvm: true, 'kvm-vfio': true, liobn: true,
};
type BeyondNode = TopoNode & { kind: BeyondKind };
const isBeyond = (k: NodeKind): k is BeyondKind => Object.hasOwn(BEYOND, k);

/** Kinds with no line when they come or go: a device's, a group's or the process's relations (changedLines) tell it. */
type QuietKind = Extract<NodeKind, 'device' | 'group' | 'process'>;
const isQuiet = (k: NodeKind): k is QuietKind => k === 'device' || k === 'group' || k === 'process';

/** The end of a switch that has every kind: the compiler checks none is left (at run time the kind itself, as before). */
function unreachable(k: never): string {
  return k;
}

function backendShort(n: TopoNode): string {
  const iommu = str(attr(n, 'iommu'));
  switch (iommu) {
    case 'VFIO_TYPE1_IOMMU': return 'type1';
    case 'VFIO_TYPE1v2_IOMMU': return 'type1v2';
    case 'VFIO_SPAPR_TCE_IOMMU': return 'sPAPR TCE';
    case 'VFIO_SPAPR_TCE_v2_IOMMU': return 'sPAPR TCE v2';
    default: return iommu || n.label;
  }
}

/** Groups whose container attr went from `where` to something else. */
function groupsLeaving(prev: Nodes, next: Nodes, where: string): number[] {
  const out: number[] = [];
  for (const [id, p] of prev) {
    if (p.kind !== 'group' || attr(p, 'container') !== where) continue;
    if (attr(next.get(id), 'container') !== where) out.push(Number(attr(p, 'group')));
  }
  return out.sort((a, b) => a - b);
}

function released(prev: Nodes, next: Nodes, b: TopoNode): string {
  const where = containerOf(b.id);
  const left = groupsLeaving(prev, next, where);
  const who = left.length ? ` (last group ${left.join(', ')} left)` : '';
  const dropped = attr(b, 'mappings') !== undefined
    ? count(Number(attr(b, 'mappings')), 'mapping')
    : `${count(Number(attr(b, 'windows') ?? 0), 'window')} and ${count(Number(attr(b, 'tce_runs') ?? 0), 'TCE run')}`;
  return `${where}: ${backendShort(b)} backend released${who}, ${dropped} dropped`;
}

function fdLine(n: TopoNode, opened: boolean): string {
  const path = str(attr(n, 'path'));
  const target = str(attr(n, 'refers_to'));
  const what = target.startsWith('container:') ? ` (container ${target.slice(10)})` : target.startsWith('iommufd:') ? ` (iommufd ${target.slice(8)})` : '';
  return opened ? `open ${path} = ${n.label}${what}` : `close ${n.label} (${path})`;
}

function addedLine(n: TopoNode, next: Nodes, added: ReadonlySet<string>): string | null {
  const kind = n.kind;
  if (isBeyond(kind)) return beyond().addedBeyond(n as BeyondNode);
  if (isQuiet(kind)) return null;
  switch (kind) {
    case 'fd': return fdLine(n, true);
    case 'iommu-backend': {
      const groups = groupsWord(str(attr(next.get(nodeId.container(Number(n.id.split(':')[1]))), 'groups')));
      const pending = attr(n, 'def_window_pending') === true ? '; default window pending (the first MAP, UNMAP or TCE_CREATE creates it)' : '';
      return `${containerOf(n.id)}: ${str(attr(n, 'iommu'))} set (${groups})${pending}`;
    }
    case 'domain': {
      const groups = groupsWord(str(attr(n, 'groups')));
      if (added.has(nodeId.backend(Number(n.id.split(':')[1])))) return `${containerOf(n.id)}: ${n.label} for ${groups}, ${n.detail ?? ''}`;
      return `${containerOf(n.id)}: +${n.label} (${groups}), ${n.detail ?? ''}`;
    }
    case 'window':
      if (attr(n, 'kept_alive_by_kvm') === true) return keptLine(n);
      return `${containerOf(n.id)}: +${n.label} ${n.detail ?? ''} (${attr(n, 'origin') === 'default' ? 'default window, created on first use' : 'TCE_CREATE'})`;
    case 'ioas': return `${ictxOf(n.id)}: +${n.label}${attr(n, 'compat') ? ' (VFIO compat IOAS)' : ''}`;
    case 'hwpt': return `${ictxOf(n.id)}: +${n.label} (${attr(n, 'auto') ? 'automatic' : 'manual'}) on IOAS ${str(attr(n, 'ioas'))}, ${n.detail ?? ''}`;
    case 'container':
    case 'iommufd': {
      // The open() line already says it; mention it only when no new fd points at it.
      for (const id of added) if (next.get(id)?.kind === 'fd' && attr(next.get(id), 'refers_to') === n.id) return null;
      return `+${n.label}`;
    }
    default:
      return unreachable(kind);
  }
}

/** A hardware TCE table VFIO let go of while KVM holds it (seed 004's final design). */
function keptLine(n: TopoNode): string {
  return `container ${str(attr(n, 'container'))}: window ${str(attr(n, 'slot'))} ${span(attr(n, 'start') as bigint, attr(n, 'last') as bigint)} ` +
    'let go by VFIO: the table is kept alive by KVM\'s reference, no longer programmed (no device translates through it)';
}

function removedLine(n: TopoNode, prev: Nodes, next: Nodes, removed: ReadonlySet<string>): string | null {
  const kind = n.kind;
  if (isBeyond(kind)) return beyond().removedBeyond(n as BeyondNode);
  if (isQuiet(kind)) return null;
  switch (kind) {
    case 'fd': return fdLine(n, false);
    case 'iommu-backend': return released(prev, next, n);
    case 'domain':
    case 'window':
      if (attr(n, 'kept_alive_by_kvm') === true) return `container ${str(attr(n, 'container'))}: ${n.label}'s table freed: KVM dropped its last reference`;
      if (removed.has(nodeId.backend(Number(n.id.split(':')[1])))) return null;
      return `${containerOf(n.id)}: -${n.label} ${n.detail ?? ''}`;
    case 'ioas': return `${ictxOf(n.id)}: -${n.label} (${count(Number(attr(n, 'areas') ?? 0), 'area')})`;
    case 'hwpt': return `${ictxOf(n.id)}: -${n.label} (${attr(n, 'auto') ? 'automatic' : 'manual'}, on IOAS ${str(attr(n, 'ioas'))})`;
    case 'container': return `${n.label} freed: no fd and no group holds it`;
    case 'iommufd': return `${n.label} released: no fd, binding or group holds it`;
    default:
      return unreachable(kind);
  }
}

/** Lines for the attributes that tell a story; the rest only marks the node as changed. */
function changedLines(p: TopoNode, n: TopoNode, releasedFrom: ReadonlySet<string>): string[] {
  if (isBeyond(n.kind)) return beyond().changedBeyond(p, n as BeyondNode);
  const out: string[] = [];
  const was = (k: string): AttrValue | undefined => attr(p, k);
  const now = (k: string): AttrValue | undefined => attr(n, k);
  switch (n.kind) {
    case 'group': {
      const a = was('container');
      const b = now('container');
      if (a === b) break;
      if (a && !releasedFrom.has(String(a))) out.push(`${n.label} left ${str(a)}`);
      if (b) out.push(`${n.label} joined ${str(b)}${String(b).startsWith('iommufd') ? ' (VFIO compat)' : ''}`);
      break;
    }
    case 'device': {
      if (was('dev_id') !== now('dev_id')) {
        if (was('dev_id') !== null) out.push(`${n.label} unbound from iommufd ${str(was('iommufd'))} (dev_id ${str(was('dev_id'))})`);
        if (now('dev_id') !== null) out.push(`${n.label} bound to iommufd ${str(now('iommufd'))} as dev_id ${str(now('dev_id'))} (${str(now('bound_via'))})`);
      }
      const h0 = was('hwpt');
      const h1 = now('hwpt');
      if (h0 !== h1 && was('dev_id') === now('dev_id')) {
        if (h0 !== null && h1 !== null) out.push(`${n.label} replaced HWPT ${str(h0)} with HWPT ${str(h1)}`);
        else if (h1 !== null) out.push(`${n.label} attached to HWPT ${str(h1)}`);
        else out.push(`${n.label} detached from HWPT ${str(h0)}`);
      } else if (h1 !== null && h1 !== undefined && was('dev_id') !== now('dev_id')) {
        out.push(`${n.label} attached to HWPT ${str(h1)}`);
      }
      break;
    }
    case 'iommu-backend': {
      const where = containerOf(n.id);
      if (was('def_window_pending') === false && now('def_window_pending') === true) {
        out.push(`${where}: default window pending (the first MAP, UNMAP or TCE_CREATE creates it)`);
      }
      // Created: the window's own line says so. Dropped while pending: TCE_REMOVE(0) before first use.
      if (was('def_window_pending') === true && now('def_window_pending') === false && was('windows') === now('windows')) {
        out.push(`${where}: pending default window dropped before it was created`);
      }
      if (was('vaddr_invalid') !== now('vaddr_invalid')) {
        const n = Number(now('vaddr_invalid'));
        out.push(n === 0
          ? `${where}: every vaddr valid again (was ${str(was('vaddr_invalid'))} invalidated)`
          : `${where}: ${count(n, 'mapping')} with an invalidated vaddr (was ${str(was('vaddr_invalid'))})`);
      }
      if (was('prereg_regions') !== now('prereg_regions')) {
        out.push(`${where}: ${count(Number(now('prereg_regions')), 'preregistered memory region')} (was ${str(was('prereg_regions'))})`);
      }
      break;
    }
    case 'iommufd': {
      if (was('compat_type') !== now('compat_type') && now('compat_type')) out.push(`${n.label}: VFIO compat backend ${str(now('compat_type'))} set`);
      break;
    }
    case 'ioas': {
      if (was('iova_alignment') !== now('iova_alignment')) out.push(`${n.label}: iova_alignment ${str(was('iova_alignment'))} -> ${str(now('iova_alignment'))}`);
      if (was('large_pages') !== now('large_pages')) out.push(`${n.label}: large pages ${now('large_pages') ? 'enabled' : 'disabled'}`);
      break;
    }
    default:
      break;
  }
  return out;
}

const bugTexts = (n: TopoNode | undefined, re: RegExp): string[] =>
  n ? Object.entries(n.attrs).filter(([k]) => re.test(k)).map(([, v]) => str(v)) : [];

/**
 * New kernel-bug findings: a live backend's ("bug N" attrs), and those a release adds to the
 * container ("released backend bug N"): the leak found when the backend goes away.
 */
function bugLines(prev: Nodes, p: TopoNode | undefined, n: TopoNode): string[] {
  let known: string[];
  let found: string[];
  if (n.kind === 'container') {
    known = [...bugTexts(p, /^released backend bug \d+$/), ...bugTexts(prev.get(nodeId.backend(Number(n.id.split(':')[1]))), /^bug \d+$/)];
    found = bugTexts(n, /^released backend bug \d+$/);
  } else {
    known = bugTexts(p, /^bug \d+$/);
    found = bugTexts(n, /^bug \d+$/);
  }
  const where = n.kind === 'container' ? n.label : containerOf(n.id);
  return found.filter((t) => !known.includes(t)).map((t) => `${where}: ${t.startsWith('KERNEL BUG') ? t : 'kernel bug: ' + t}`);
}

export function nodeSummary(prev: Nodes, next: Nodes, added: readonly string[], removed: readonly string[], changed: readonly string[]): string[] {
  const addedSet = new Set(added);
  const removedSet = new Set(removed);
  const releasedFrom = new Set<string>();
  const head: string[] = [];
  const files: string[] = [];
  const objects: string[] = [];
  const relations: string[] = [];
  const bugs: string[] = [];
  for (const id of removed) {
    const n = prev.get(id)!;
    const line = removedLine(n, prev, next, removedSet);
    if (!line) continue;
    if (n.kind === 'iommu-backend') {
      head.push(line);
      releasedFrom.add(containerOf(n.id));
    } else (n.kind === 'fd' ? files : objects).push(line);
  }
  for (const id of added) {
    const n = next.get(id)!;
    const line = addedLine(n, next, addedSet);
    if (line) (n.kind === 'iommu-backend' ? head : n.kind === 'fd' ? files : objects).push(line);
    bugs.push(...bugLines(prev, undefined, n));
  }
  for (const id of changed) {
    const p = prev.get(id)!;
    const n = next.get(id)!;
    relations.push(...changedLines(p, n, releasedFrom));
    bugs.push(...bugLines(prev, p, n));
  }
  return [...head, ...files, ...objects, ...relations, ...bugs];
}
