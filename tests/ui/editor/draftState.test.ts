import { describe, it, expect } from 'vitest';
import { draftReducer, initDraft } from '../../../src/ui/editor/draftState';

const docEdit = (text: string, tag: string, now: number) => ({ type: 'doc' as const, root: {}, text, keys: [], tag, now });

describe('draft history', () => {
  it('typing in one field makes one undo step; another field starts a new one', () => {
    let s = initDraft('a');
    s = draftReducer(s, docEdit('ab', 'k1.iova', 1000));
    s = draftReducer(s, docEdit('abc', 'k1.iova', 1200));
    s = draftReducer(s, docEdit('abcd', 'k1.size', 1300));
    expect(s.past).toEqual(['a', 'abc']);
    s = draftReducer(s, { type: 'undo' });
    expect(s.text).toBe('abc');
    s = draftReducer(s, { type: 'undo' });
    expect(s.text).toBe('a');
    s = draftReducer(s, { type: 'redo' });
    expect(s.text).toBe('abc');
  });

  it('a structural edit (delete, move) is never merged, and an edit clears redo', () => {
    let s = initDraft('a');
    s = draftReducer(s, { type: 'replace', text: 'b' });
    s = draftReducer(s, { type: 'replace', text: 'c' });
    expect(s.past).toEqual(['a', 'b']);
    s = draftReducer(s, { type: 'undo' });
    s = draftReducer(s, { type: 'text', text: 'x', now: 5 });
    expect(s.future).toEqual([]);
  });

  it('a raw edit drops the parsed document (it is parsed again when the forms need it)', () => {
    let s = draftReducer(initDraft('a'), docEdit('b', 't', 1));
    expect(s.doc).not.toBeNull();
    s = draftReducer(s, { type: 'text', text: 'c', now: 2 });
    expect(s.doc).toBeNull();
  });
});

describe('structural edits', () => {
  it('two moves in quick succession are two undo steps (a null tag never merges)', () => {
    let s = initDraft('a');
    s = draftReducer(s, { type: 'doc', root: {}, text: 'b', keys: [], tag: null, now: 1 });
    s = draftReducer(s, { type: 'doc', root: {}, text: 'c', keys: [], tag: null, now: 2 });
    expect(s.past).toEqual(['a', 'b']);
  });
});
