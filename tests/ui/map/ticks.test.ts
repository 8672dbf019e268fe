import { describe, expect, it } from 'vitest';
import { groupDigits, hexFull, hexGrouped, sizeText } from '../../../src/ui/map/hexfmt';
import { MAX_TICKS, LABEL_GAP_PX, hexTicks, marked } from '../../../src/ui/map/ticks';
import type { Viewport } from '../../../src/ui/map/viewport';
import { MIN_SPAN, WHOLE_SPACE, fitRange, zoomAt } from '../../../src/ui/map/viewport';

// A monospace font at 11 px: about 6.7 px per character.
const measure = (s: string): number => s.length * 6.7;

function checkReadable(vp: Viewport, width: number): void {
  const set = hexTicks(vp, width, measure);
  expect(set.ticks.length).toBeGreaterThanOrEqual(2);
  expect(set.ticks.length).toBeLessThanOrEqual(MAX_TICKS + 1);
  // Power-of-two step, every tick a multiple of it, exact hex labels that parse back.
  expect(set.step & (set.step - 1n)).toBe(0n);
  for (const t of set.ticks) {
    expect(t.addr % set.step).toBe(0n);
    // Exact: the label, or the shared prefix followed by the compact label.
    const text = set.prefix !== null ? set.prefix + t.label.slice(1) : t.label;
    expect(BigInt(text.replace(/_/g, ''))).toBe(t.addr);
  }
  // Labels never overlap: each ends LABEL_GAP_PX before the next tick.
  for (let i = 1; i < set.ticks.length; i++) {
    const a = set.ticks[i - 1]!;
    const b = set.ticks[i]!;
    expect(a.x + measure(a.label) + LABEL_GAP_PX).toBeLessThanOrEqual(b.x + 1e-6);
  }
}

describe('hex formatting', () => {
  it('groups hex digits by four from the right, exactly', () => {
    expect(groupDigits('7ffffffff000')).toBe('7fff_ffff_f000');
    expect(hexGrouped(0n)).toBe('0x0');
    expect(hexGrouped(0x12345n)).toBe('0x1_2345');
    expect(hexGrouped((1n << 64n) - 1n)).toBe('0xffff_ffff_ffff_ffff');
    expect(hexFull(0x7fff_ffff_f000n)).toBe('0x0000_7fff_ffff_f000');
  });

  it('sizes an inclusive range in words and hex, including the whole 2^64 space', () => {
    expect(sizeText(0x1000n, 0x2fffn)).toBe('8 KiB (0x2000)');
    expect(sizeText(0n, (1n << 64n) - 1n)).toBe('16 EiB (2^64)');
    expect(sizeText(0xfee0_0000n, 0xfeef_ffffn)).toBe('1 MiB (0x10_0000)');
  });
});

describe('hex ticks', () => {
  it('whole 2^64 space: 4-8 labelled ticks on power-of-two boundaries', () => {
    const set = hexTicks(WHOLE_SPACE, 1000, measure);
    expect(set.ticks.length).toBeGreaterThanOrEqual(4);
    expect(set.ticks[0]!.label).toBe('0x0');
    expect(set.ticks.map((t) => t.label)).toContain('0x8000_0000_0000_0000');
    checkReadable(WHOLE_SPACE, 1000);
  });

  it('one 4 KiB page high in the space: labels keep all digits and mark the ones that differ', () => {
    const vp = fitRange(0xffff_ffff_ffff_f000n, 0xffff_ffff_ffff_ffffn, 0);
    expect(vp.span).toBe(MIN_SPAN);
    const set = hexTicks(vp, 1000, measure);
    expect(set.ticks.length).toBeGreaterThanOrEqual(4);
    expect(set.ticks[0]!.label).toBe('0xffff_ffff_ffff_f000');
    // The step is at most 0x400 here: the distinguishing digits are the last three.
    const t = set.ticks[1]!;
    const strong = t.label.slice(t.strong[0], t.strong[1]);
    expect(strong.length).toBeLessThanOrEqual(4);
    expect(t.label.endsWith(strong + (t.label.slice(t.strong[1])))).toBe(true);
    checkReadable(vp, 1000);
  });

  it('a narrow map at a deep zoom drops the shared prefix to keep 4 or more ticks', () => {
    const vp = fitRange(0xffff_ffff_ffff_f000n, 0xffff_ffff_ffff_ffffn, 0);
    const set = hexTicks(vp, 430, measure);
    expect(set.ticks.length).toBeGreaterThanOrEqual(4);
    expect(set.prefix).toBe('0xffff_ffff_ffff_');
    expect(set.ticks.map((t) => t.label).slice(0, 2)).toEqual(['…f000', '…f200']);
    // Wide enough for full labels: no prefix.
    expect(hexTicks(vp, 1400, measure).prefix).toBeNull();
  });

  it('stay readable at every zoom from 2^64 down to a page, at narrow and wide widths', () => {
    for (const width of [420, 1000, 1700]) {
      let vp = WHOLE_SPACE;
      for (let i = 0; i < 56; i++) {
        checkReadable(vp, width);
        vp = zoomAt(vp, 2, 0.37);
      }
    }
  });

  it('marks the digits between the shared prefix and the step', () => {
    // Ticks 0x7fff_ffff_f000 .. 0x7fff_ffff_f800 (step 0x200): digits 2..2 vary.
    const m = marked(0x7fff_ffff_f200n, 2, 2);
    expect(m.label).toBe('0x7fff_ffff_f200');
    expect(m.label.slice(m.strong[0], m.strong[1])).toBe('2');
    const w = marked(0x1234_5678_0000n, 4, 11);
    expect(w.label.slice(w.strong[0], w.strong[1])).toBe('1234_5678');
  });
});

describe('compact tick prefix', () => {
  it('drops leading zero groups and keeps the group boundary', async () => {
    const { sharedPrefix } = await import('../../../src/ui/map/ticks');
    expect(sharedPrefix(0x7fff_ffff_f000n, 4)).toBe('0x7fff_ffff_');
    expect(sharedPrefix(0x1_0000_1000n, 4)).toBe('0x1_0000_');
    expect(sharedPrefix(0x1000n, 4)).toBe('0x');
  });
});
