import { describe, expect, it } from 'vitest';
import type { RangeChange } from '../../../src/core/view/types';
import { buildMapSvg } from '../../../src/ui/files/mapSvg';
import { mapLayout } from '../../../src/ui/files/mapLayout';
import type { MapExportInput } from '../../../src/ui/files/mapLayout';
import { estimateText } from '../../../src/ui/files/exportColors';
import { fitRange } from '../../../src/ui/map/viewport';
import { mappings, set, space } from '../map/fixtures';
import { COLORS } from './colors';
import { checkWellFormed } from './wellFormed';

const caption = { title: 'Two IOAS <one> & the other', line: 'Step 3 of 0–5 · IOMMU_IOAS_MAP → ok · address map' };

function input(extra: Partial<MapExportInput> = {}): MapExportInput {
  const ioas1 = { ...space('ioas:1:2', [set('usable', [[0n, (1n << 48n) - 1n]]), set('mapping', [[0x100000n, 0x101fffn], [0x200000n, 0x3fffffn]]), set('reserved', [[0xfee00000n, 0xfeefffffn]], { label: ['msi'] })]), title: 'IOAS 2 · iommufd 1' };
  const ioas2 = { ...space('ioas:1:3', [mappings(50_000, 0x1_0000_0000n, 0x1000n, 0x2000n)]), title: 'IOAS 3 · iommufd 1' };
  return {
    spaces: [ioas1, ioas2],
    changes: [],
    vp: fitRange(0n, 0x4_0000_0000n),
    plotWidth: 800,
    selection: { kind: 'none' },
    colors: COLORS,
    caption,
    measure: estimateText,
    ...extra,
  };
}

describe('address map SVG', () => {
  it('is well-formed, sized like the PNG layout, and carries the metadata given', () => {
    const i = input();
    const out = buildMapSvg(i, '<metadata id="m"/>');
    expect(checkWellFormed(out.svg)).toBeNull();
    const L = mapLayout(i.spaces, 800, caption, estimateText);
    expect([out.width, out.height]).toEqual([L.width, L.height]);
    expect(out.svg).toContain(`width="${L.width}" height="${L.height}"`);
    expect(out.svg).toContain('<metadata id="m"/>');
  });

  it('writes the title line, lane titles and tick labels as text, escaped', () => {
    const svg = buildMapSvg(input(), '').svg;
    expect(svg).toContain('Two IOAS &lt;one&gt; &amp; the other');
    expect(svg).toContain('>IOAS 2 · iommufd 1<');
    expect(svg).toContain('>IOAS 3 · iommufd 1<');
    expect(svg).toContain('IOAS · 2 mappings · 1 reserved');
    expect(svg).toContain('IOAS · 50,000 mappings');
    // Tick labels: exact hex, with the address on the element.
    expect(svg).toMatch(/data-addr="0x100000000"/);
  });

  it('gives every drawn range its exact hex in a tooltip; merged runs say how many', () => {
    const svg = buildMapSvg(input({ vp: fitRange(0x100000n, 0x3fffffn) }), '').svg;
    expect(svg).toContain('<title>mapping [0x10_0000, 0x10_1fff] 8 KiB (0x2000)</title>');
    expect(svg).toContain('<title>mapping [0x20_0000, 0x3f_ffff] 2 MiB (0x20_0000)</title>');
    const wide = buildMapSvg(input(), '').svg;
    // 50,000 mappings on 800 px: merged rectangles, each exact about what it covers.
    expect(wide).toMatch(/<title>\d[\d,]* mapping ranges within \[0x1_0000_0000, 0x[0-9a-f_]+\]<\/title>/);
    // Bounded by the width, not the data.
    expect(wide.length).toBeLessThan(1_000_000);
  });

  it('draws the step changes and the selection with their hex', () => {
    const changes: RangeChange[] = [{ space: 'ioas:1:2', kind: 'mapping', added: [{ first: 0x100000n, last: 0x101fffn }], removed: [{ first: 0x500000n, last: 0x5fffffn }], truncated: false }];
    const svg = buildMapSvg(input({ changes, selection: { kind: 'range', space: 'ioas:1:2', first: 0x200000n, last: 0x3fffffn } }), '').svg;
    expect(svg).toContain('added by this step: mapping [0x10_0000, 0x10_1fff]');
    expect(svg).toContain('removed by this step: mapping [0x50_0000, 0x5f_ffff]');
    expect(svg).toContain('stroke-dasharray="4 3"');
    expect(svg).toContain('selected: [0x20_0000, 0x3f_ffff]');
    // The legend names the kinds drawn and the change marks.
    expect(svg).toContain('>added by this step<');
    expect(svg).toContain('>reserved<');
  });

  it('draws a lane of the whole 64-bit space without losing the last address', () => {
    const full = { ...space('spapr', [set('window', [[0n, 0xffff_ffff_ffff_ffffn]])]), title: 'whole' };
    const svg = buildMapSvg(input({ spaces: [full], vp: { start: 0n, span: 1n << 64n } }), '').svg;
    expect(svg).toContain('[0x0, 0xffff_ffff_ffff_ffff] 16 EiB (2^64)');
    expect(checkWellFormed(svg)).toBeNull();
  });

  it('says so when the step has no address space', () => {
    const svg = buildMapSvg(input({ spaces: [] }), '').svg;
    expect(svg).toContain('No address space at this step.');
    expect(checkWellFormed(svg)).toBeNull();
  });
});
