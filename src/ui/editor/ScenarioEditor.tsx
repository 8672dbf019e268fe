// Editing a scenario: add, edit, delete and reorder steps through forms, or edit the raw JSON.
// The draft is text (both views edit the same text; switching never converts), validated as the
// user types with the worker's own parser, kept in sessionStorage until applied or discarded,
// and sent whole to `onApply`. An invalid draft is never applied, so the explorer keeps the last
// valid scenario; a refused apply shows the issues and keeps the draft.
import './editor.css';
import { useState } from 'react';
import type { ScenarioIssue } from '../../core/scenario/types';
import { emptyDoc, writeDoc } from './doc';
import { fnv1a } from './draftStore';
import { EditorSession } from './EditorSession';
import type { EditorMode } from './EditorSession';

export type ApplyResult = { readonly ok: true } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export interface ScenarioEditorProps {
  /** The current scenario's JSON text (the last valid one). */
  readonly text: string;
  /** The step the explorer is at, to insert after / edit. */
  readonly cursor: number;
  /** Validates and, when valid, loads the new text; an invalid edit changes nothing. */
  readonly onApply: (text: string) => Promise<ApplyResult>;
  readonly onClose: () => void;
}

export function ScenarioEditor(props: ScenarioEditorProps) {
  // With nothing loaded the editor starts from a minimal valid document.
  const base = props.text.trim() === '' ? writeDoc(emptyDoc(), true) : props.text;
  // Kept across sessions: after an apply the new text starts a new session (keyed by the text,
  // as drafts are) in the same mode, with a word that it worked.
  const [mode, setMode] = useState<EditorMode>('forms');
  const [appliedAt, setAppliedAt] = useState<string | null>(null);
  return (
    <EditorSession
      key={`${fnv1a(base)}:${base.length}`} base={base} cursor={props.cursor} onApply={props.onApply} onClose={props.onClose}
      mode={mode} setMode={setMode} applied={appliedAt === base} onApplied={setAppliedAt}
    />
  );
}
