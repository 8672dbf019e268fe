import { describe, expect, it } from 'vitest';
import { num, xmlAttr, xmlText } from '../../../src/ui/files/xml';
import { wrap } from '../../../src/ui/files/header';
import { cutText, estimateText } from '../../../src/ui/files/exportColors';

describe('SVG text escaping', () => {
  it('escapes markup in text and attributes, so a title is never markup', () => {
    expect(xmlText('<script>alert(1)</script> & ]]>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;');
    expect(xmlAttr('a "b" <c>\nd\te')).toBe('a &quot;b&quot; &lt;c&gt;&#10;d&#9;e');
  });

  it('replaces what XML cannot carry (C0 controls, lone surrogates, U+FFFF)', () => {
    expect(xmlText('a\u0000b\u0007c\u001fd\uffff')).toBe('a\ufffdb\ufffdc\ufffdd\ufffd');
    expect(xmlText('x\ud800y')).toBe('x\ufffdy');
    expect(xmlText('x\udc00y')).toBe('x\ufffdy');
    // A valid pair and ordinary whitespace stay.
    expect(xmlText('\ud83d\ude00 \t\n')).toBe('\ud83d\ude00 \t\n');
  });

  it('writes coordinates with at most two decimals and no -0', () => {
    expect(num(1.23456)).toBe('1.23');
    expect(num(-0.001)).toBe('0');
    expect(num(Number.NaN)).toBe('0');
  });
});

describe('title wrapping', () => {
  const w = (s: string): number => estimateText(s, 10, 'sans');
  it('wraps on words and cuts the last allowed line with an ellipsis', () => {
    expect(wrap('aaa bbb ccc', 60, w, 2)).toEqual(['aaa bbb', 'ccc']);
    const lines = wrap('aaa bbb ccc ddd eee fff ggg', 60, w, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(w(lines[1]!)).toBeLessThanOrEqual(60);
    expect(wrap('', 60, w, 2)).toEqual(['']);
  });

  it('cuts text to a width', () => {
    expect(cutText('abcdef', 36, w)).toBe('abcdef');
    expect(cutText('abcdefgh', 36, w)).toBe('abcde…');
    expect(cutText('abcdefgh', 10, w)).toBeNull();
  });
});
