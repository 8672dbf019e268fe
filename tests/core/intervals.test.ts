import { describe, expect, it } from 'vitest';
import { holesOf, IntervalMap, unionOf } from '../../src/core/intervals';
import { U64_MAX } from '../../src/core/u64';

type I = { first: bigint; last: bigint; tag?: string };

describe('IntervalMap', () => {
  it('finds intersections at the very top of the 64-bit space', () => {
    const m = new IntervalMap<I>();
    m.insert({ first: U64_MAX - 0xfffn, last: U64_MAX });
    m.insert({ first: 0n, last: 0xfffn });
    expect(m.containing(U64_MAX)?.first).toBe(U64_MAX - 0xfffn);
    expect(m.firstIntersecting(0x1000n, U64_MAX)?.first).toBe(U64_MAX - 0xfffn);
    expect([...m.intersecting(0n, U64_MAX)].map((x) => x.first)).toEqual([0n, U64_MAX - 0xfffn]);
  });

  it('clone is independent of the original', () => {
    const m = new IntervalMap<I>();
    m.insert({ first: 0x1000n, last: 0x1fffn });
    const c = m.clone();
    c.insert({ first: 0x2000n, last: 0x2fffn });
    m.remove(0x1000n);
    expect(m.size).toBe(0);
    expect(c.size).toBe(2);
  });

  it('allows removing the yielded interval while iterating', () => {
    const m = new IntervalMap<I>();
    for (let i = 0n; i < 100n; i++) m.insert({ first: i * 0x1000n, last: i * 0x1000n + 0xfffn });
    for (const v of m.intersecting(0x5000n, 0x50fffn)) m.remove(v.first);
    expect(m.size).toBe(100 - 76);
  });
});

describe('union and holes', () => {
  it('merges adjacent ranges and computes the complement over 2^64', () => {
    const u = unionOf([{ first: 0x10n, last: 0x1fn }, { first: 0x20n, last: 0x2fn }, { first: 0x100n, last: U64_MAX }]);
    expect(u).toEqual([{ first: 0x10n, last: 0x2fn }, { first: 0x100n, last: U64_MAX }]);
    expect(holesOf(u)).toEqual([{ first: 0n, last: 0xfn }, { first: 0x30n, last: 0xffn }]);
    expect(holesOf([])).toEqual([{ first: 0n, last: U64_MAX }]);
  });
});
