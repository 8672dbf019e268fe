import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDoc, setKey, stepKeyOrder, writeDoc } from '../../../src/ui/editor/doc';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../../public/scenarios/type1-unmap-bisect-v2.json'), 'utf8');

describe('readDoc / writeDoc', () => {
  it('writes an untouched example back byte for byte (2-space JSON, final newline kept)', () => {
    const d = readDoc(EXAMPLE);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(writeDoc(d.root, EXAMPLE.endsWith('\n'))).toBe(EXAMPLE);
  });

  it('refuses a syntax error, with the JSON reader message', () => {
    const d = readDoc('{ "steps": [ }');
    expect(d).toMatchObject({ ok: false, kind: 'syntax' });
  });

  it('refuses steps that are not a list (the forms could not show them)', () => {
    expect(readDoc('{ "steps": {} }')).toMatchObject({ ok: false, kind: 'shape' });
    expect(readDoc('[1]')).toMatchObject({ ok: false, kind: 'shape' });
  });

  it('refuses integers JSON cannot hold exactly, naming where they are (writing them back would change them)', () => {
    const d = readDoc('{ "steps": [ { "op": "mmap", "length": 18446744073709551615 } ] }');
    expect(d).toMatchObject({ ok: false, kind: 'inexact', paths: ['steps[0].length'] });
    // 2^53 - 1 is exact: accepted.
    expect(readDoc('{ "steps": [ { "op": "mmap", "length": 9007199254740991 } ] }').ok).toBe(true);
  });
});

describe('setKey', () => {
  const order = stepKeyOrder('VFIO_IOMMU_MAP_DMA');

  it('puts a new field where the op table orders it, before as/expect/note', () => {
    const s = setKey({ op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', vaddr: '0x1000', note: 'n' }, 'iova', '0x0', order);
    expect(Object.keys(s)).toEqual(['op', 'fd', 'iova', 'vaddr', 'note']);
    const e = setKey(s, 'expect', { errno: 'EINVAL' }, order);
    expect(Object.keys(e)).toEqual(['op', 'fd', 'iova', 'vaddr', 'expect', 'note']);
  });

  it('keeps an existing key in its place, and removes with undefined', () => {
    const s = { op: 'VFIO_IOMMU_MAP_DMA', size: '0x1000', fd: 'c' };
    expect(Object.keys(setKey(s, 'size', '0x2000', order))).toEqual(['op', 'size', 'fd']);
    expect(setKey(s, 'size', undefined, order)).toEqual({ op: 'VFIO_IOMMU_MAP_DMA', fd: 'c' });
  });

  it('keeps unknown keys last', () => {
    const s = setKey({ op: 'close', typo: 1 }, 'fd', 'c', stepKeyOrder('close'));
    expect(Object.keys(s)).toEqual(['op', 'fd', 'typo']);
  });
});
