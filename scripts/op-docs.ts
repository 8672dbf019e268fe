// Generates docs/ops.md from the op table (src/core/scenario/ops.ts), so the reference of every
// op and field can never drift from what the parser accepts. `npm run docs:ops` rewrites it; a
// unit test (tests/docs.test.ts) fails when it is stale.

import { OPS } from '../src/core/scenario/ops';
import type { FieldSpec, OpSpec } from '../src/core/scenario/op-spec';
import { MACRO_NAMES } from '../src/core/scenario/macros';

const FAMILY_TITLES: Record<string, string> = {
  process: 'Process (open, close, memory, lifecycle)',
  vfio: 'VFIO groups and containers',
  spapr: 'sPAPR TCE (PPC)',
  iommufd: 'iommufd',
  vhost: 'vhost-vdpa',
  sva: 'PASID and SVA',
  kvm: 'KVM sPAPR TCE tables and the kvm-vfio device',
  meta: 'Inspection',
};

function field(name: string, f: FieldSpec): string {
  const values = f.values ? ` (${f.values.join(', ')})` : '';
  return `\`${name}${f.optional ? '?' : ''}\` ${f.kind}${values}`;
}

export function opDocs(): string {
  const byFamily = new Map<string, [string, OpSpec][]>();
  for (const [name, spec] of Object.entries(OPS) as [string, OpSpec][]) {
    const list = byFamily.get(spec.family) ?? [];
    list.push([name, spec]);
    byFamily.set(spec.family, list);
  }
  const out: string[] = [
    '# Operations',
    '',
    'Generated from `src/core/scenario/ops.ts` by `npm run docs:ops`; do not edit by hand.',
    'Field kinds: `u64` is a 64-bit value written as a string (`"0x..."` or decimal), `handle` names what an earlier',
    "step's `as` created, `flags` is a list of names, `ranges` is `[{ \"start\", \"last\" }]`. A `?` marks an optional field.",
    '',
  ];
  for (const [family, ops] of byFamily) {
    out.push(`## ${FAMILY_TITLES[family] ?? family}`, '', '| op | fields | what it does |', '| --- | --- | --- |');
    for (const [name, spec] of ops) {
      const fields = Object.entries(spec.fields).map(([k, f]) => field(k, f));
      if (spec.as) fields.push(`\`as${spec.as === 'optional' ? '?' : ''}\``);
      out.push(`| \`${name}\` | ${fields.join(', ')} | ${spec.help.replace(/\|/g, '\\|')} |`);
    }
    out.push('');
  }
  out.push('## Macros', '', 'Expanded at load time into the primitive steps above; the timeline shows the expanded steps.', '');
  for (const m of MACRO_NAMES) out.push(`- \`${m}\` (see \`src/core/scenario/macros.ts\`)`);
  out.push('');
  return out.join('\n');
}

const isMain = process.argv[1]?.endsWith('op-docs.ts');
if (isMain) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(new URL('../docs/ops.md', import.meta.url), opDocs());
  console.log('wrote docs/ops.md');
}
