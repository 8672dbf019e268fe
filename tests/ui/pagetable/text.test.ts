import { describe, expect, it } from 'vitest';
import { parseIova } from '../../../src/ui/pagetable/iova';
import { bitRange, bytesWithHuman, exactSize, groupThousands, hex64Digits, humanSize } from '../../../src/ui/pagetable/text';

describe('parseIova: hex, exactly 64 bits', () => {
  it('accepts 0x, bare hex, either case, _ separators and spaces around', () => {
    expect(parseIova('0x7f0000001000')).toEqual({ ok: true, value: 0x7f0000001000n });
    expect(parseIova('  7F0000001000 ')).toEqual({ ok: true, value: 0x7f0000001000n });
    expect(parseIova('0X0800_0000_0000_0001')).toEqual({ ok: true, value: 0x0800000000000001n });
    expect(parseIova('0')).toEqual({ ok: true, value: 0n });
  });

  it('is exact past 2^53 and up to 2^64 - 1', () => {
    // 2^59 + 1 is not representable as a double: parsing through Number would lose the 1.
    expect(parseIova('0x0800000000000001')).toEqual({ ok: true, value: (1n << 59n) + 1n });
    expect(parseIova('0xffffffffffffffff')).toEqual({ ok: true, value: (1n << 64n) - 1n });
    expect(parseIova('0x000000000000000000ffffffffffffffff')).toEqual({ ok: true, value: (1n << 64n) - 1n });
  });

  it('rejects 2^64 and above, saying so', () => {
    const r = parseIova('0x10000000000000000');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/does not fit in 64 bits/);
  });

  it('rejects what is not hex with a reason naming the character', () => {
    const bad = (t: string) => {
      const r = parseIova(t);
      return r.ok ? null : r.error;
    };
    expect(bad('')).toMatch(/Type an IOVA/);
    expect(bad('0x')).toMatch(/No hex digits/);
    expect(bad('0x12g4')).toMatch(/'g' is not a hex digit/);
    expect(bad('-0x1000')).toMatch(/unsigned/);
    expect(bad('0x1000 0000')).toMatch(/a space is not a hex digit/);
    expect(bad('1.5')).toMatch(/'\.' is not a hex digit/);
    expect(bad('0x_1000')).toMatch(/'_' may only separate digits/);
    expect(bad('0x10__00')).toMatch(/'_' may only separate digits/);
    expect(bad('1e3x')).toMatch(/'x' is not a hex digit/);
  });
});

describe('text', () => {
  it('bit ranges as the SDM writes them', () => {
    expect(bitRange(47, 39)).toBe('[47:39]');
    expect(bitRange(5, 5)).toBe('[5]');
  });

  it('16 hex digits with leading zeros', () => {
    expect(hex64Digits(0x7f0000001234n)).toBe('00007f0000001234');
    expect(hex64Digits((1n << 64n) - 1n)).toBe('ffffffffffffffff');
  });

  it('exact sizes in binary units, bytes when no unit divides', () => {
    expect(exactSize(4096n)).toBe('4 KiB');
    expect(exactSize(2n * 1024n * 1024n)).toBe('2 MiB');
    expect(exactSize(1n << 48n)).toBe('256 TiB');
    expect(exactSize(1n << 64n)).toBe('16 EiB');
    expect(exactSize(3n * 1024n * 1024n + 4096n)).toBe('3,076 KiB');
    expect(exactSize(1536n)).toBe('1,536 bytes');
    expect(exactSize(8n)).toBe('8 bytes');
    expect(exactSize(1n)).toBe('1 byte');
  });

  it('thousands and the approximate human form', () => {
    expect(groupThousands(2109440n)).toBe('2,109,440');
    expect(groupThousands(999n)).toBe('999');
    // The reference's worked number: 515 tables of 4 KiB for 1 GiB of 4K leaves.
    expect(humanSize(2109440n)).toBe('≈2.01 MiB');
    expect(humanSize(12288n)).toBe('12 KiB');
    expect(humanSize(1536n)).toBe('1.5 KiB');
    expect(humanSize(1025n)).toBe('≈1 KiB');
    expect(bytesWithHuman(2109440n)).toBe('2,109,440 bytes (≈2.01 MiB)');
    expect(bytesWithHuman(4096n)).toBe('4,096 bytes (4 KiB)');
    expect(bytesWithHuman(0n)).toBe('0 bytes');
  });
});
