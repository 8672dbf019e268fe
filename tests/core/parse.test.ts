import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/core/scenario/parse';

const base = {
  format: 'iova-atlas.scenario',
  version: 1,
  platform: 'x86-vtd-48',
  devices: [{ id: 'nic0', group: 26 }],
};

function parse(doc: unknown) {
  return parseScenarioText(typeof doc === 'string' ? doc : JSON.stringify(doc));
}

function firstIssue(doc: unknown) {
  const r = parse(doc);
  if (r.ok) throw new Error('expected a parse failure');
  return r.issues[0]!;
}

describe('scenario parsing', () => {
  it('turns 64-bit fields into exact bigints', () => {
    const r = parse({ ...base, steps: [
      { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
      { op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova: '0x0800000000000000', size: '18446744073709551615', vaddr: '4096', flags: ['READ', 'VFIO_DMA_MAP_FLAG_WRITE'] },
    ] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.scenario.steps[1]!;
    expect(s.iova).toBe(1n << 59n);
    expect(s.size).toBe((1n << 64n) - 1n);
    expect(s.vaddr).toBe(4096n);
    expect(s.flags).toEqual(['READ', 'WRITE']);
  });

  it('names the line and column of malformed JSON', () => {
    const i = firstIssue('{\n  "format": "iova-atlas.scenario",\n  "version": 1,,\n}');
    expect(i.where).toBe('(json)');
    expect(i.message).toMatch(/line 3, column/);
  });

  it('names the step and field of a non-hex address', () => {
    const i = firstIssue({ ...base, steps: [
      { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
      { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'c', iova: '0xzz', size: '0x1000' },
    ] });
    expect(i.where).toBe('steps[1].iova');
    expect(i.step).toBe(1);
    expect(i.message).toMatch(/not a hex/);
  });

  it('rejects an unknown op with a suggestion', () => {
    const i = firstIssue({ ...base, steps: [{ op: 'VFIO_IOMMU_MAP_DAM', fd: 'c' }] });
    expect(i.where).toBe('steps[0].op');
    expect(i.message).toMatch(/unknown op "VFIO_IOMMU_MAP_DAM".*did you mean VFIO_IOMMU_MAP_DMA/);
  });

  it('reports a missing field and an unknown field by name', () => {
    const missing = firstIssue({ ...base, steps: [{ op: 'open', path: '/dev/vfio/vfio', as: 'c' }, { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'c', iova: '0x1000' }] });
    expect(missing.where).toBe('steps[1].size');
    expect(missing.message).toMatch(/missing required field "size"/);
    const unknown = firstIssue({ ...base, steps: [{ op: 'open', path: '/dev/vfio/vfio', as: 'c', lenght: 3 }] });
    expect(unknown.where).toBe('steps[0].lenght');
    expect(unknown.message).toMatch(/unknown field "lenght" for open/);
  });

  it('rejects a handle used before any step creates it', () => {
    const i = firstIssue({ ...base, steps: [{ op: 'close', fd: 'grp' }] });
    expect(i.where).toBe('steps[0].fd');
    expect(i.message).toMatch(/handle "grp" is used before/);
  });

  it('refuses versions from the future and files that are too large', () => {
    expect(firstIssue({ ...base, version: 9, steps: [] }).message).toMatch(/newer iova-atlas/);
    expect(firstIssue('x'.repeat(10 * 1024 * 1024)).message).toMatch(/limit is 8 MiB/);
  });

  it('rejects a value past 2^64 - 1 and a number that lost precision', () => {
    const big = firstIssue({ ...base, steps: [{ op: 'mmap', length: '0x10000000000000000' }] });
    expect(big.message).toMatch(/does not fit in 64 bits/);
    const lossy = parseScenarioText(`{"format":"iova-atlas.scenario","version":1,"platform":"x86-vtd-48","steps":[{"op":"mmap","length":18446744073709551615}]}`);
    expect(lossy.ok).toBe(false);
  });
});
