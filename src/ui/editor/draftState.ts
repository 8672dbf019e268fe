// The draft being edited: its text (the one source of truth: switching between forms and raw
// JSON never converts anything), the parsed document when a form edit produced it, the rows'
// stable keys, and an undo history. A reducer, so every transition is a pure function.

import type { DocRead, JsonObject } from './doc';

export interface DraftState {
  readonly text: string;
  /** The document a form edit produced (saves re-parsing); null after a raw edit (parsed lazily). */
  readonly doc: DocRead | null;
  /** Row keys parallel to the steps, when a form edit set them; null: make fresh ones. */
  readonly keys: readonly string[] | null;
  readonly past: readonly string[];
  readonly future: readonly string[];
  /** What the last edit touched and when: typing in one field makes one undo entry, not one per key. */
  readonly lastTag: string | null;
  readonly lastAt: number;
}

export type DraftAction =
  | { readonly type: 'text'; readonly text: string; readonly now: number }
  | { readonly type: 'doc'; readonly root: JsonObject; readonly text: string; readonly keys: readonly string[]; readonly tag: string | null; readonly now: number }
  | { readonly type: 'replace'; readonly text: string }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' };

const HISTORY = 200;
/** Edits to the same field closer than this merge into one undo step. */
const COALESCE_MS = 1000;

export function initDraft(text: string): DraftState {
  return { text, doc: null, keys: null, past: [], future: [], lastTag: null, lastAt: 0 };
}

export function draftReducer(s: DraftState, a: DraftAction): DraftState {
  switch (a.type) {
    case 'text':
      if (a.text === s.text) return s;
      return { ...record(s, 'raw', a.now), text: a.text, doc: null, keys: null };
    case 'doc':
      if (a.text === s.text) return { ...s, doc: { ok: true, root: a.root, steps: stepsOf(a.root) }, keys: a.keys };
      return { ...record(s, a.tag, a.now), text: a.text, doc: { ok: true, root: a.root, steps: stepsOf(a.root) }, keys: a.keys };
    case 'replace':
      // Discard, quote numbers...: one undoable step, never merged with typing.
      if (a.text === s.text) return s;
      return { ...record(s, null, 0), text: a.text, doc: null, keys: null };
    case 'undo': {
      const prev = s.past[s.past.length - 1];
      if (prev === undefined) return s;
      return { ...s, text: prev, doc: null, keys: null, past: s.past.slice(0, -1), future: [...s.future, s.text], lastTag: null };
    }
    case 'redo': {
      const next = s.future[s.future.length - 1];
      if (next === undefined) return s;
      return { ...s, text: next, doc: null, keys: null, future: s.future.slice(0, -1), past: [...s.past, s.text], lastTag: null };
    }
    default: {
      const never: never = a;
      return never;
    }
  }
}

/** The history before an edit: the current text is pushed unless this edit continues the last one. */
function record(s: DraftState, tag: string | null, now: number): DraftState {
  const continues = tag !== null && tag === s.lastTag && now - s.lastAt < COALESCE_MS;
  const past = continues ? s.past : [...s.past, s.text].slice(-HISTORY);
  return { ...s, past, future: [], lastTag: tag, lastAt: now };
}

function stepsOf(root: JsonObject): readonly JsonObject[] {
  return (Array.isArray(root.steps) ? root.steps : []) as readonly JsonObject[];
}
