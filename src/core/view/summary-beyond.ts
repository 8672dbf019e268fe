// Change summary lines for the kinds beyond VFIO (vhost-vdpa, PASID / SVA, KVM TCE tables), in
// the words of the threads they come from: "vdpa0 ASID 0: device translation reset to
// identity; vhost IOTLB keeps 2 entries", "app (mm 1) exited: its PASID entries torn down",
// "LIOBN 0x80000000: hardware table ... kept alive by KVM, not programmed". Like
// summary-nodes.ts it reads only the nodes' attrs, so states and snapshots give the same words.

import type { AttrValue, NodeKind, TopoNode } from './types';
import { count } from './text';

export type BeyondKind = Extract<NodeKind, 'vdpa' | 'vdpa-parent' | 'asid' | 'mm' | 'sva-domain' | 'pasid' | 'uacce-queue' | 'kvm' | 'kvm-vfio' | 'liobn'>;

const attr = (n: TopoNode | undefined, k: string): AttrValue | undefined => n?.attrs[k];
const str = (v: AttrValue | undefined): string => (v === null || v === undefined ? '' : typeof v === 'bigint' ? '0x' + v.toString(16) : String(v));
const num = (v: AttrValue | undefined): number => Number(v ?? 0);

/** Attr values whose keys match `re` ("memslot 0", "file 2", "hw table 1"). */
const numbered = (n: TopoNode | undefined, re: RegExp): Map<string, string> =>
  new Map(n ? Object.entries(n.attrs).filter(([k]) => re.test(k)).map(([k, v]) => [k, str(v)]) : []);

const entries = (n: number): string => count(n, 'entry', 'entries');

export function addedBeyond(n: TopoNode & { kind: BeyondKind }): string | null {
  switch (n.kind) {
    case 'vdpa':
    case 'vdpa-parent':
    case 'uacce-queue':
      return null;
    case 'asid':
      // ASID 0 comes with the open (the fd's line says it); another ASID with its first message.
      return num(attr(n, 'asid')) === 0 ? null : `${str(attr(n, 'device'))}: +ASID ${str(attr(n, 'asid'))} (${n.detail ?? ''})`;
    case 'mm': {
      const pasid = attr(n, 'pasid');
      return `+${n.label}: process ${str(attr(n, 'process'))} runs on a new mm${pasid !== null && pasid !== undefined ? `, PASID ${str(pasid)}` : ''}`;
    }
    case 'sva-domain': return `+${n.label} on mm ${str(attr(n, 'mm'))} (shares its CPU page table; holds mmgrab)`;
    case 'pasid':
      return attr(n, 'entry') === 'first-level'
        ? `${n.label} attached: first-level entry to SVA domain ${str(attr(n, 'sva_domain'))} (${str(attr(n, 'process'))}'s page table)`
        : `${n.label} attached: ${str(attr(n, 'entry'))} entry to HWPT ${str(attr(n, 'hwpt'))}`;
    case 'kvm': return `KVM: ${[...numbered(n, /^memslot \d+$/)].map(([k, v]) => `${k} ${v}`).join('; ') || n.detail || 'VM'}`;
    case 'kvm-vfio': {
      // It comes with the VM; a line only when it already holds files.
      const files = [...numbered(n, /^file \d+$/).values()];
      return files.length ? `kvm-vfio holds ${files.join('; ')}` : null;
    }
    case 'liobn':
      return `+${n.label} table: guest window ${n.detail ?? ''} (KVM_CREATE_SPAPR_TCE_64)`;
    default: {
      const never: never = n.kind;
      return never;
    }
  }
}

export function removedBeyond(n: TopoNode & { kind: BeyondKind }): string | null {
  switch (n.kind) {
    case 'vdpa':
    case 'vdpa-parent':
    case 'uacce-queue':
    case 'kvm':
    case 'kvm-vfio':
      return null;
    case 'asid': {
      const e = num(attr(n, 'iotlb_entries'));
      return e > 0 ? `${n.label}: vhost IOTLB released, ${entries(e)} unmapped` : null;
    }
    case 'mm': {
      const pasid = attr(n, 'pasid');
      return `${n.label} freed (__mmdrop)${pasid !== null && pasid !== undefined ? `: PASID ${str(pasid)} returned to the global IDA` : ''}`;
    }
    case 'sva-domain': return `${n.label} freed (its last device detached; mmdrop of mm ${str(attr(n, 'mm'))})`;
    case 'pasid': return `${n.label} detached from ${str(attr(n, 'translated_by'))}`;
    case 'liobn': return `-${n.label} table (released: every hardware-table link put)`;
    default: {
      const never: never = n.kind;
      return never;
    }
  }
}

/** The device translation of an ASID changed: the seed-001 line. */
function asidLines(p: TopoNode, n: TopoNode): string[] {
  const d0 = str(attr(p, 'device_translation'));
  const d1 = str(attr(n, 'device_translation'));
  const kept = num(attr(n, 'iotlb_entries'));
  const s0 = num(attr(p, 'untranslated')) + num(attr(p, 'extra'));
  const s1 = num(attr(n, 'untranslated')) + num(attr(n, 'extra'));
  const keeps = `vhost IOTLB keeps ${entries(kept)}`;
  if (d0 !== d1) {
    switch (d1) {
      case 'identity': return [`${n.label}: device translation reset to identity; ${keeps}`];
      case 'none': return [`${n.label}: device translation gone (${str(attr(n, 'no_translation_why'))}); ${keeps}`];
      default: {
        const stale = s1 > 0 ? `; out of step: ${str(attr(n, 'state')).replace(/^stale: /, '')}` : '';
        return [`${n.label}: device map set (${entries(num(attr(n, 'device_entries')))}), replacing ${d0 === 'none' ? 'no translation' : d0}${stale}`];
      }
    }
  }
  if (s0 === 0 && s1 > 0) {
    return [attr(n, 'batch_pending') === true
      ? `${n.label}: batch open: ${entries(s1)} wait for BATCH_END's set_map to reach the device`
      : `${n.label}: device out of step with the vhost IOTLB: ${str(attr(n, 'state')).replace(/^stale: /, '')}`];
  }
  if (s0 > 0 && s1 === 0) return [`${n.label}: device ${d1 === 'map' ? `map in sync again (${entries(num(attr(n, 'device_entries')))})` : `translation ${d1}, nothing stale`}`];
  return [];
}

function vdpaLines(p: TopoNode, n: TopoNode): string[] {
  const out: string[] = [];
  if (attr(p, 'status') !== attr(n, 'status')) {
    out.push(num(attr(n, 'status_byte')) === 0 && attr(n, 'fd') !== null ? `${n.label}: device reset (status 0)` : `${n.label}: status ${str(attr(n, 'status'))}`);
  }
  if (attr(p, 'backend_features') !== attr(n, 'backend_features')) out.push(`${n.label}: backend features ${str(attr(n, 'backend_features'))}`);
  const b0 = attr(p, 'in_batch');
  const b1 = attr(n, 'in_batch');
  if (b0 !== b1) out.push(b1 === null ? `${n.label}: batch ended` : `${n.label}: batch begun on ASID ${str(b1)}`);
  return out;
}

function mmLines(p: TopoNode, n: TopoNode): string[] {
  const out: string[] = [];
  if (attr(p, 'pasid') !== attr(n, 'pasid') && attr(n, 'pasid') !== null) out.push(`${n.label}: PASID ${str(attr(n, 'pasid'))} allocated (iommu_sva_bind_device)`);
  const pasid = attr(n, 'pasid');
  if (attr(p, 'bound_devices') !== 'none' && attr(n, 'bound_devices') === 'none' && pasid !== null && pasid !== undefined) {
    out.push(`${n.label}: no device bound any more; PASID ${str(pasid)} stays with the mm until it is freed (__mmdrop)`);
  }
  if (attr(p, 'alive') === true && attr(n, 'alive') === false) {
    out.push(`${n.label}: process exited (exit_mmap tore its PASID entries down); the mm lives on, mm_count ${str(attr(n, 'mm_count'))}`);
  }
  return out;
}

function pasidLines(p: TopoNode, n: TopoNode): string[] {
  const out: string[] = [];
  if (attr(p, 'present') === true && attr(n, 'present') === false) {
    out.push(`${n.label}: entry torn down${attr(n, 'fault_processing_disabled') ? ' (Fault Processing Disabled: faults not reported)' : ''}`);
  }
  if (attr(p, 'users') !== attr(n, 'users') && attr(n, 'users') !== undefined) out.push(`${n.label}: attach handle users ${str(attr(n, 'users'))}`);
  if (attr(p, 'hwpt') !== attr(n, 'hwpt') && attr(p, 'hwpt') !== undefined && attr(n, 'hwpt') !== undefined) {
    out.push(`${n.label}: replaced HWPT ${str(attr(p, 'hwpt'))} with HWPT ${str(attr(n, 'hwpt'))}`);
  }
  return out;
}

/** Lines for numbered attrs that appeared, went or changed ("file 1", "hw table 2"), by key. */
function numberedLines(p: TopoNode, n: TopoNode, re: RegExp, where: string, what: string): string[] {
  const a = numbered(p, re);
  const b = numbered(n, re);
  const out: string[] = [];
  for (const [k, v] of a) if (!b.has(k)) out.push(`${where}: -${what} ${v}`);
  for (const [k, v] of b) {
    const was = a.get(k);
    if (was === undefined) out.push(`${where}: +${what} ${v}`);
    else if (was !== v) out.push(`${where}: ${what} now ${v}`);
  }
  return out;
}

export function changedBeyond(p: TopoNode, n: TopoNode & { kind: BeyondKind }): string[] {
  switch (n.kind) {
    case 'vdpa': return vdpaLines(p, n);
    case 'asid': return asidLines(p, n);
    case 'mm': return mmLines(p, n);
    case 'pasid': return pasidLines(p, n);
    case 'kvm': return numberedLines(p, n, /^memslot \d+$/, 'KVM', 'memory slot');
    case 'kvm-vfio': return numberedLines(p, n, /^file \d+$/, 'kvm-vfio', 'file');
    case 'liobn': return numberedLines(p, n, /^hw table \d+$/, n.label, 'hardware table');
    case 'vdpa-parent':
    case 'sva-domain':
    case 'uacce-queue':
      return [];
    default: {
      const never: never = n.kind;
      return never;
    }
  }
}
