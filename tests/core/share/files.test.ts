import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/core/scenario/parse';
import type { Scenario } from '../../../src/core/scenario/types';
import { canonicalText, scenarioToFileText } from '../../../src/core/share';

const EXAMPLES = 'public/scenarios';
const exampleFiles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && f !== 'index.json');

function parse(text: string): Scenario {
  const r = parseScenarioText(text);
  if (!r.ok) throw new Error(`${r.issues[0]!.where}: ${r.issues[0]!.message}`);
  return r.scenario;
}

const withoutMacro = (s: Scenario) => s.steps.map(({ macro: _m, ...rest }) => rest);

describe('scenario files', () => {
  it('format and version first, 64-bit values as lowercase hex, flags in the op table order, two-space JSON', () => {
    const text = scenarioToFileText(parse(JSON.stringify({
      platform: 'x86-vtd-48', version: 1, format: 'iova-atlas.scenario', title: 'Spelling',
      platform_overrides: { aperture: { start: '0', end: '281474976710655' } },
      devices: [{ group: 26, id: 'nic0' }],
      steps: [
        { as: 'c', op: 'open', path: '/dev/vfio/vfio' },
        { op: 'VFIO_IOMMU_MAP_DMA', flags: 'VFIO_DMA_MAP_FLAG_WRITE|READ', fd: 'c', iova: '0X0000_0010_0000', size: '2097152', vaddr: '0x7F0000000000', note: 'n', expect: { errno: 'EBADF' } },
      ],
    })));
    expect(text).toBe(`{
  "format": "iova-atlas.scenario",
  "version": 1,
  "title": "Spelling",
  "platform": "x86-vtd-48",
  "platform_overrides": {
    "aperture": {
      "start": "0x0",
      "end": "0xffffffffffff"
    }
  },
  "devices": [
    {
      "id": "nic0",
      "group": 26
    }
  ],
  "steps": [
    {
      "op": "open",
      "path": "/dev/vfio/vfio",
      "as": "c"
    },
    {
      "op": "VFIO_IOMMU_MAP_DMA",
      "fd": "c",
      "iova": "0x100000",
      "size": "0x200000",
      "vaddr": "0x7f0000000000",
      "flags": [
        "READ",
        "WRITE"
      ],
      "expect": {
        "errno": "EBADF"
      },
      "note": "n"
    }
  ]
}
`);
  });

  it.each(exampleFiles)('%s: file -> parse -> file is stable, and the scenario is unchanged', (file) => {
    const original = parse(readFileSync(`${EXAMPLES}/${file}`, 'utf8'));
    const once = scenarioToFileText(original);
    const reparsed = parse(once);
    expect(scenarioToFileText(reparsed)).toBe(once);
    expect(withoutMacro(reparsed)).toEqual(withoutMacro(original));
    expect({ ...reparsed, steps: [] }).toEqual({ ...original, steps: [] });
  });

  it.each(exampleFiles)('%s: canonical text keeps macros as written and is idempotent', (file) => {
    const text = readFileSync(`${EXAMPLES}/${file}`, 'utf8');
    const c = canonicalText(text);
    if (!c.ok) throw new Error('example does not parse');
    const again = canonicalText(c.text);
    expect(again.ok && again.text).toBe(c.text);
    expect(parse(c.text).steps).toEqual(parse(text).steps);
    const macros = (JSON.parse(text) as { steps: { op: string }[] }).steps.filter((s) => s.op.startsWith('qemu.')).length;
    expect((JSON.parse(c.text) as { steps: { op: string }[] }).steps.filter((s) => s.op.startsWith('qemu.')).length).toBe(macros);
  });

  it('canonical text of an invalid file gives the parser issues (JSON syntax with line and column)', () => {
    const r = canonicalText('{\n  "format": "iova-atlas.scenario",,\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/line 2, column/);
  });
});
