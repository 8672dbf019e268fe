import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../src/state/autosave';
import { Autosaver, SESSION_STATE_KEY, SESSION_TEXT_KEY, clearSession, readSession, textHash } from '../../src/state/autosave';

/** A Map-backed Storage that can be told to fail like a full or disabled one. */
class FakeStorage {
  readonly data = new Map<string, string>();
  writes: string[] = [];
  fail: null | 'quota' | 'security' = null;
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    if (this.fail === 'quota') throw Object.assign(new Error('exceeded the quota'), { name: 'QuotaExceededError' });
    if (this.fail === 'security') throw Object.assign(new Error('denied'), { name: 'SecurityError' });
    this.writes.push(k);
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}

/** Timers run by hand. */
function manualTimers() {
  let pending: (() => void) | null = null;
  return {
    setTimer: (fn: () => void) => {
      pending = fn;
      return 1;
    },
    clearTimer: () => {
      pending = null;
    },
    run: () => {
      const f = pending;
      pending = null;
      f?.();
    },
    get pending() {
      return pending !== null;
    },
  };
}

const TEXT = '{"format":"iova-atlas.scenario","version":1,"steps":[]}';
const session = (over: Partial<SessionState> = {}): SessionState => ({
  text: TEXT,
  origin: 'example basics.json',
  src: '/scenarios/basics.json',
  step: 4,
  selection: { kind: 'range', space: 'ioas:1:2', first: 0x1000n, last: 0xffff_ffff_ffff_f000n },
  viewMode: 'map',
  map: { start: 0x7fff_0000_0000n, span: 1n << 64n },
  walk: { space: 'ioas:1:2', iova: 0xffff_ffff_ffff_f000n },
  ...over,
});

describe('autosave', () => {
  it('saves the latest state once per debounce, and reads it back exactly (64-bit values intact)', () => {
    const storage = new FakeStorage();
    const t = manualTimers();
    const errors: string[] = [];
    const saver = new Autosaver(storage, { onError: (f) => errors.push(f.message), setTimer: t.setTimer, clearTimer: t.clearTimer, now: () => 1234 });
    saver.update(session({ step: 1 }));
    saver.update(session({ step: 2 }));
    saver.update(session({ step: 4 }));
    expect(storage.writes).toEqual([]);
    t.run();
    expect(storage.writes).toEqual([SESSION_TEXT_KEY, SESSION_STATE_KEY]);
    const r = readSession(storage);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.session).toEqual({ ...session(), savedAt: 1234 });
    expect(errors).toEqual([]);
  });

  it('rewrites the scenario text only when it changes (stepping through a large scenario writes the small state)', () => {
    const storage = new FakeStorage();
    const t = manualTimers();
    const saver = new Autosaver(storage, { onError: () => {}, setTimer: t.setTimer, clearTimer: t.clearTimer });
    saver.update(session({ step: 1 }));
    t.run();
    saver.update(session({ step: 2 }));
    t.run();
    saver.update(session({ step: 3, text: TEXT.replace('[]', '[ ]') }));
    t.run();
    expect(storage.writes).toEqual([SESSION_TEXT_KEY, SESSION_STATE_KEY, SESSION_STATE_KEY, SESSION_TEXT_KEY, SESSION_STATE_KEY]);
    const r = readSession(storage);
    expect(r.kind === 'ok' && r.session.step).toBe(3);
  });

  it('reports a full storage once, keeps working, and never pairs a state with the wrong text', () => {
    const storage = new FakeStorage();
    const t = manualTimers();
    const errors: string[] = [];
    const saver = new Autosaver(storage, { onError: (f) => errors.push(f.message), setTimer: t.setTimer, clearTimer: t.clearTimer });
    saver.update(session({ step: 1 }));
    t.run();
    storage.fail = 'quota';
    saver.update(session({ step: 2, text: 'x'.repeat(3_000_000) }));
    t.run();
    saver.update(session({ step: 3, text: 'y'.repeat(3_000_000) }));
    expect(saver.flush()).toBe(false);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/storage for this page is full \(the scenario is 3\.0 MB of text\)/);
    // What was saved before the failure is still a consistent session.
    const r = readSession(storage);
    expect(r.kind === 'ok' && r.session.step).toBe(1);
    // Storage freed: saving resumes without a second notice.
    storage.fail = null;
    saver.update(session({ step: 5 }));
    expect(saver.flush()).toBe(true);
    expect(errors).toHaveLength(1);
    const again = readSession(storage);
    expect(again.kind === 'ok' && again.session.step).toBe(5);
  });

  it('says why when the browser refuses storage, or gives none', () => {
    const storage = new FakeStorage();
    storage.fail = 'security';
    const errors: string[] = [];
    const a = new Autosaver(storage, { onError: (f) => errors.push(f.message) });
    a.update(session());
    a.flush();
    const none = new Autosaver(null, { onError: (f) => errors.push(f.message) });
    none.update(session());
    none.flush();
    expect(errors).toEqual([
      'the browser does not allow this page to store anything (privacy settings or a private window)',
      'this browser gives the page no storage (disabled, or a private window)',
    ]);
  });

  it('refuses a state whose text is missing or different, and damaged state', () => {
    const storage = new FakeStorage();
    const saver = new Autosaver(storage, { onError: () => {} });
    saver.update(session());
    saver.flush();
    saver.dispose();
    storage.data.set(SESSION_TEXT_KEY, TEXT + ' ');
    expect(readSession(storage).kind).toBe('unusable');
    storage.data.delete(SESSION_TEXT_KEY);
    expect(readSession(storage).kind).toBe('unusable');
    storage.data.set(SESSION_TEXT_KEY, TEXT);
    expect(readSession(storage).kind).toBe('ok');
    storage.data.set(SESSION_STATE_KEY, '{not json');
    expect(readSession(storage).kind).toBe('unusable');
    expect(readSession(null).kind).toBe('none');
    clearSession(storage);
    expect(readSession(storage).kind).toBe('none');
  });

  it('drops a damaged selection, map window or walk target but keeps the scenario and step', () => {
    const storage = new FakeStorage();
    storage.data.set(SESSION_TEXT_KEY, TEXT);
    storage.data.set(
      SESSION_STATE_KEY,
      JSON.stringify({ v: 1, origin: 'o', src: null, step: -1, selection: { kind: 'range', space: 's', first: '0x10', last: '0x1' }, view: 'nonsense', map: { start: 'x', span: '0x0' }, walk: { space: 1 }, text: { length: TEXT.length, hash: textHash(TEXT) } }),
    );
    const r = readSession(storage);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.session.step).toBe(-1);
    expect(r.session.selection).toEqual({ kind: 'none' });
    expect(r.session.viewMode).toBe('split');
    expect(r.session.map).toBeNull();
    expect(r.session.walk).toBeNull();
  });

  it('clear() forgets the session and anything pending', () => {
    const storage = new FakeStorage();
    const t = manualTimers();
    const saver = new Autosaver(storage, { onError: () => {}, setTimer: t.setTimer, clearTimer: t.clearTimer });
    saver.update(session());
    t.run();
    saver.update(session({ step: 9 }));
    saver.clear();
    expect(t.pending).toBe(false);
    expect(readSession(storage).kind).toBe('none');
  });
});
