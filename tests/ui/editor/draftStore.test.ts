import { describe, it, expect } from 'vitest';
import { DraftStore, draftKey } from '../../../src/ui/editor/draftStore';

function memory(limit = Infinity) {
  const m = new Map<string, string>();
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (v.length > limit) throw new Error('QuotaExceededError');
      m.set(k, v);
    },
    removeItem: (k: string) => void m.delete(k),
  };
}

describe('DraftStore', () => {
  it('keeps a draft per scenario text and gives it back (a reload or an accidental close loses nothing)', () => {
    const st = memory();
    const a = new DraftStore(st, () => 1000);
    expect(a.save('BASE', 'EDITED')).toBe('saved');
    const b = new DraftStore(st);
    expect(b.load('BASE')).toEqual({ text: 'EDITED', savedAt: 1000 });
    expect(b.load('OTHER')).toBeNull();
  });

  it('a draft equal to its base is no draft (and clears the kept one)', () => {
    const st = memory();
    const d = new DraftStore(st);
    d.save('BASE', 'EDITED');
    expect(d.save('BASE', 'BASE')).toBe('cleared');
    expect(st.m.size).toBe(0);
  });

  it('clear forgets it (applied or discarded)', () => {
    const d = new DraftStore(memory());
    d.save('BASE', 'EDITED');
    d.clear('BASE');
    expect(d.load('BASE')).toBeNull();
  });

  it('says so when the draft is too large to keep, and never throws', () => {
    const d = new DraftStore(memory(10));
    expect(d.save('BASE', 'x'.repeat(100))).toBe('too-large');
    expect(new DraftStore(null).save('BASE', 'x')).toBe('unavailable');
  });

  it('ignores a stored entry whose base length differs (a hash collision) or that is not JSON', () => {
    const st = memory();
    st.m.set(draftKey('BASE'), JSON.stringify({ base: 99, text: 'X', savedAt: 1 }));
    expect(new DraftStore(st).load('BASE')).toBeNull();
    st.m.set(draftKey('BASE'), '{');
    expect(new DraftStore(st).load('BASE')).toBeNull();
  });
});
