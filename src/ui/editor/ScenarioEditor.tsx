// Editing a scenario: add, edit, delete and reorder steps through forms, or edit the raw JSON.
// PLACEHOLDER: implemented by the editor work. Props are fixed (the shell passes them).
import type { ScenarioIssue } from '../../core/scenario/types';

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
  return <div data-testid="scenario-editor">{props.text.length} characters</div>;
}
