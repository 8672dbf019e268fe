// IntervalMap.diff / forEach, which the step changes are built on.
import { describe, expect, it } from 'vitest';
import { IntervalMap } from '../../../src/core/intervals';

interface V { first: bigint; last: bigint; tag: string }

function mapOf(n: number, stride = 0x2000n): IntervalMap<V> {
  const m = new IntervalMap<V>();
  for (let i = 0n; i < BigInt(n); i++) m.insert({ first: i * stride, last: i * stride + 0xfffn, tag: 'a' });
  return m;
}

function diffOf(after: IntervalMap<V>, before: IntervalMap<V>, withChanged: boolean): string[] {
  const out: string[] = [];
  after.diff(
    before,
    (v) => out.push(`+${v.first.toString(16)}`),
    (v) => out.push(`-${v.first.toString(16)}`),
    withChanged ? (now, was) => out.push(`~${now.first.toString(16)} ${was.tag}->${now.tag}`) : undefined,
  );
  return out;
}

describe('IntervalMap.diff', () => {
  it('reports one insert, one removal and one replacement against a clone', () => {
    const before = mapOf(1000);
    const after = before.clone();
    after.insert({ first: 0x2001000n, last: 0x2001fffn, tag: 'new' });
    after.remove(0x2000n);
    after.replace({ first: 0x4000n, last: 0x4fffn, tag: 'b' });
    expect(diffOf(after, before, true).sort()).toEqual(['+2001000', '-2000', '~4000 a->b']);
    expect(diffOf(after, before, false).sort()).toEqual(['+2001000', '+4000', '-2000', '-4000']);
    expect(diffOf(before, before.clone(), true)).toEqual([]);
  });

  it('between maps that share nothing, equal values come as replaced (identity); the rest is exact', () => {
    const a = mapOf(50);
    const b = mapOf(52);
    const d = diffOf(b, a, true);
    expect(d.filter((x) => !x.startsWith('~')).sort()).toEqual(['+64000', '+66000']);
    expect(d.filter((x) => x.startsWith('~'))).toHaveLength(50);
    expect(diffOf(new IntervalMap<V>(), a, true)).toHaveLength(50);
  });

  it('forEach visits every interval in order', () => {
    const firsts: bigint[] = [];
    mapOf(300).forEach((v) => firsts.push(v.first));
    expect(firsts).toHaveLength(300);
    expect(firsts.every((f, i) => i === 0 || f > firsts[i - 1]!)).toBe(true);
  });
});
