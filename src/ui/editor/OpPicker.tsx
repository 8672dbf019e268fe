// Choosing an op: a native select grouped by family (keyboard and screen-reader friendly, type to
// search), with the chosen op's one-line help from the op table.

import type { ChangeEvent } from 'react';
import { OPS, OP_NAMES } from '../../core/scenario/ops';
import type { OpFamily, OpName } from '../../core/scenario/ops';

const FAMILY_LABELS: Record<OpFamily, string> = {
  process: 'process (open, close, mmap)',
  vfio: 'VFIO group and container',
  type1: 'VFIO type1',
  spapr: 'VFIO sPAPR TCE',
  iommufd: 'iommufd',
  vhost: 'vhost-vdpa',
  sva: 'SVA',
  kvm: 'KVM',
  meta: 'inspection',
};

/** The ops of each family, in the table's order; families in the order they first appear. */
export function opGroups(): { family: OpFamily; label: string; ops: OpName[] }[] {
  const groups = new Map<OpFamily, OpName[]>();
  for (const op of OP_NAMES) {
    const f = OPS[op].family;
    const list = groups.get(f);
    if (list) list.push(op);
    else groups.set(f, [op]);
  }
  return [...groups].map(([family, ops]) => ({ family, label: FAMILY_LABELS[family], ops }));
}

export interface OpPickerProps {
  readonly id: string;
  readonly value: string;
  readonly onChange: (op: OpName) => void;
  readonly label?: string;
  readonly describedBy?: string | undefined;
}

export function OpPicker(p: OpPickerProps) {
  const known = (OP_NAMES as readonly string[]).includes(p.value);
  return (
    <select
      id={p.id} className="ed-select ed-mono ed-op-select" value={p.value} aria-label={p.label} aria-describedby={p.describedBy}
      onChange={(e: ChangeEvent<HTMLSelectElement>) => p.onChange(e.currentTarget.value as OpName)}
    >
      {!known && <option value={p.value}>{p.value === '' ? '— choose an op —' : `${p.value} (unknown)`}</option>}
      {opGroups().map((g) => (
        <optgroup key={g.family} label={g.label}>
          {g.ops.map((op) => (
            <option key={op} value={op}>
              {op}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

export function opHelp(op: string): string | null {
  return (OP_NAMES as readonly string[]).includes(op) ? OPS[op as OpName].help : null;
}
