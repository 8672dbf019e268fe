import { describe, it, expect } from 'vitest';
import { parseStep } from '../../../src/core/scenario/parse';
import { OPS } from '../../../src/core/scenario/ops';
import { flagsOf, flagsValue, intProblem, intValue, rangesOf, rangesValue, u64Problem, u64Value } from '../../../src/ui/editor/fieldValues';

describe('64-bit fields', () => {
  it('accept the full range exactly and keep the text as typed (hex stays hex)', () => {
    expect(u64Problem('0xffffffffffffffff', false)).toBeNull();
    expect(u64Value('0xFFFF_FFFF_FFFF_FFFF')).toBe('0xFFFF_FFFF_FFFF_FFFF');
    expect(u64Problem('18446744073709551615', false)).toBeNull();
  });

  it('refuse 2^64 with the message the parser gives for that field', () => {
    const text = '0x10000000000000000';
    const local = u64Problem(text, false);
    expect(local).toMatch(/does not fit in 64 bits/);
    const r = parseStep({ op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova: text, size: '0x1000', vaddr: '0x1000', flags: [] }, 3);
    expect('issues' in r && r.issues).toEqual([{ where: 'steps[3].iova', step: 3, field: 'iova', message: local }]);
  });

  it('say "required" when empty and required; empty optional means absent', () => {
    expect(u64Problem('', false)).toBe('required');
    expect(u64Problem('', true)).toBeNull();
    expect(u64Value('')).toBeUndefined();
  });
});

describe('small integers', () => {
  it('become JSON numbers when decimal, stay text otherwise (hex is valid, garbage is reported)', () => {
    expect(intValue('12')).toBe(12);
    expect(intValue('0x10')).toBe('0x10');
    expect(intProblem('0x10', false)).toBeNull();
    expect(intProblem('x', false)).toMatch(/small non-negative integer/);
    expect(intProblem('0x100000000', false)).toMatch(/at most/);
  });
});

describe('flags', () => {
  const spec = OPS.VFIO_IOMMU_MAP_DMA.fields.flags;
  it('read lists, strings and kernel-prefixed names as the schema does', () => {
    expect([...flagsOf(['VFIO_DMA_MAP_FLAG_READ', 'WRITE'], spec.values).on]).toEqual(['READ', 'WRITE']);
    expect([...flagsOf('READ|WRITE', spec.values).on]).toEqual(['READ', 'WRITE']);
    expect(flagsOf(['READ', 'BOGUS'], spec.values).unknown).toEqual(['BOGUS']);
  });
  it('write known flags in table order, keeping unknown ones for the parser to report', () => {
    expect(flagsValue(new Set(['WRITE', 'READ']), [], spec)).toEqual(['READ', 'WRITE']);
    expect(flagsValue(new Set(), ['BOGUS'], spec)).toEqual(['BOGUS']);
    // A required flags field may be an empty list; an optional one becomes absent.
    expect(flagsValue(new Set(), [], spec)).toEqual([]);
    expect(flagsValue(new Set(), [], OPS.VFIO_IOMMU_UNMAP_DMA.fields.flags)).toBeUndefined();
  });
});

describe('ranges', () => {
  it('round-trip as { start, last } strings, and refuse what is not a list of ranges', () => {
    const rows = rangesOf([{ start: '0x1000', last: 8191 }]);
    expect(rows).toEqual([{ start: '0x1000', last: '8191' }]);
    expect(rangesValue(rows!)).toEqual([{ start: '0x1000', last: '8191' }]);
    expect(rangesOf({ start: 1 })).toBeNull();
    expect(rangesOf(undefined)).toEqual([]);
  });
});
