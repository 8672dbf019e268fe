// The step list shows a step's arguments in the op table's order with its handles marked,
// without the op table on the page: the parser's field order and a list of handle names,
// both checked against the table here.
import { describe, expect, it } from 'vitest';
import { HANDLE_FIELDS } from '../../src/core/scenario/handle-fields';
import { OPS } from '../../src/core/scenario/ops';
import { parseScenarioText } from '../../src/core/scenario/parse';
import { stepArgs } from '../../src/ui/format';

describe('step arguments on the page', () => {
  it('the handle names are exactly the op table fields of kind handle, under every op', () => {
    const fromTable = new Set<string>();
    for (const spec of Object.values(OPS)) {
      for (const [name, f] of Object.entries(spec.fields as Record<string, { kind: string }>)) {
        if (f.kind === 'handle') fromTable.add(name);
        else expect(HANDLE_FIELDS.has(name), `${name} is a handle somewhere and a ${f.kind} elsewhere`).toBe(false);
      }
    }
    expect([...HANDLE_FIELDS].sort()).toEqual([...fromTable].sort());
  });

  it('come in the op table order whatever the file order, handles marked, meta fields left out', () => {
    const doc = {
      format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48',
      devices: [{ id: 'n', bdf: '0000:00:02.0', group: 1 }],
      steps: [
        { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
        { note: 'out of order', flags: ['READ'], vaddr: '0x1000', size: '0x1000', iova: '0x0', fd: 'c', op: 'VFIO_IOMMU_MAP_DMA', expect: { errno: 'EINVAL' } },
      ],
    };
    const r = parseScenarioText(JSON.stringify(doc));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const args = stepArgs(r.scenario.steps[1]!);
    expect(args.map((a) => a.name)).toEqual(Object.keys(OPS.VFIO_IOMMU_MAP_DMA.fields));
    expect(args.filter((a) => a.handle).map((a) => a.name)).toEqual(['fd']);
    expect(args.find((a) => a.name === 'flags')?.value).toBe('READ');
  });
});
