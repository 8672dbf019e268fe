// The draft as React state: the reducer of draftState.ts plus what the forms need from it (the
// parsed document and row keys, computed lazily: the raw view never pays for parsing).

import { useCallback, useMemo, useReducer, useRef } from 'react';
import type { DocRead, JsonObject } from './doc';
import { readDoc, writeDoc } from './doc';
import { draftReducer, initDraft } from './draftState';
import type { Rows } from './stepOps';
import { keysFor } from './stepOps';

export interface Draft {
  readonly text: string;
  /** The document for the forms (parsed on first use after a raw edit). */
  readonly doc: () => DocRead;
  /** Row keys parallel to the document's steps. */
  readonly keys: (doc: DocRead) => readonly string[];
  readonly setText: (text: string) => void;
  /** A form edit of the whole document (header fields); `tag` names what changed, for undo. */
  readonly editRoot: (fn: (root: JsonObject) => JsonObject, tag: string) => void;
  /** A form edit of the steps (and their keys); a null tag (add, move, delete) is its own undo step. */
  readonly editRows: (fn: (rows: Rows) => Rows, tag: string | null) => void;
  readonly replace: (text: string) => void;
  readonly undo: () => void;
  readonly redo: () => void;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

export function useDraft(initial: string): Draft {
  const [s, dispatch] = useReducer(draftReducer, initial, initDraft);
  // Keys survive an edit that keeps the number of steps (typing in the raw view, undo of a field
  // edit), so the open form stays open; otherwise every row gets a fresh key.
  const lastKeys = useRef<readonly string[]>([]);

  const docMemo = useMemo(() => {
    let cached: DocRead | null = s.doc;
    return () => (cached ??= readDoc(s.text));
  }, [s.doc, s.text]);

  const keys = useCallback(
    (doc: DocRead): readonly string[] => {
      const n = doc.ok ? doc.steps.length : 0;
      let k = s.keys && s.keys.length === n ? s.keys : lastKeys.current.length === n ? lastKeys.current : null;
      if (!k) k = keysFor(n);
      lastKeys.current = k;
      return k;
    },
    [s.keys],
  );

  // Edits read the latest state through a ref, so callbacks stay stable across renders.
  const latest = useRef({ docMemo, keys, text: s.text });
  latest.current = { docMemo, keys, text: s.text };

  const editRows = useCallback((fn: (rows: Rows) => Rows, tag: string | null) => {
    const { docMemo: getDoc, keys: getKeys, text } = latest.current;
    const doc = getDoc();
    if (!doc.ok) return;
    const rows = fn({ steps: doc.steps, keys: getKeys(doc) });
    const root: JsonObject = { ...doc.root, steps: rows.steps };
    dispatch({ type: 'doc', root, text: writeDoc(root, text.endsWith('\n')), keys: rows.keys, tag, now: Date.now() });
  }, []);

  const editRoot = useCallback((fn: (root: JsonObject) => JsonObject, tag: string) => {
    const { docMemo: getDoc, keys: getKeys, text } = latest.current;
    const doc = getDoc();
    if (!doc.ok) return;
    const root = fn(doc.root);
    if (root === doc.root) return;
    dispatch({ type: 'doc', root, text: writeDoc(root, text.endsWith('\n')), keys: getKeys(doc), tag, now: Date.now() });
  }, []);

  const setText = useCallback((text: string) => dispatch({ type: 'text', text, now: Date.now() }), []);
  const replace = useCallback((text: string) => dispatch({ type: 'replace', text }), []);
  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);

  return {
    text: s.text, doc: docMemo, keys, setText, editRoot, editRows, replace, undo, redo,
    canUndo: s.past.length > 0, canRedo: s.future.length > 0,
  };
}
