// The editor's bar: forms / JSON tabs, undo and redo, what the draft's state is (checking, valid,
// N problems; kept for this tab), and Discard, Close, Apply. Apply is enabled only for a changed,
// valid draft, and says why when it is not.

import type { SaveResult } from './draftStore';
import type { ApplyState, EditorMode } from './EditorSession';
import { plural } from './issues';
import type { Draft } from './useDraft';
import type { Validation } from './useValidation';

export interface EditorToolbarProps {
  readonly mode: EditorMode;
  readonly setMode: (m: EditorMode) => void;
  readonly draft: Draft;
  readonly dirty: boolean;
  readonly validation: Validation;
  readonly issueCount: number;
  readonly saved: SaveResult | null;
  readonly apply: ApplyState;
  readonly canApply: boolean;
  readonly applied: boolean;
  readonly onApply: () => void;
  readonly onDiscard: () => void;
  readonly onClose: () => void;
}

export function EditorToolbar(p: EditorToolbarProps) {
  const steps = p.validation.result.ok ? p.validation.result.scenario.steps.length : null;
  const why = !p.dirty ? 'nothing to apply: the draft is the loaded scenario' : p.issueCount > 0 ? `fix ${plural(p.issueCount, 'problem')} first` : p.validation.pending ? 'checking…' : undefined;
  return (
    <div className="ed-toolbar" role="toolbar" aria-label="Scenario editor">
      <div className="ed-tabs" role="tablist" aria-label="Editor view">
        {(['forms', 'raw'] as const).map((m) => (
          <button
            key={m} type="button" role="tab" aria-selected={p.mode === m} className={`ed-tab${p.mode === m ? ' ed-tab-on' : ''}`}
            data-testid={`mode-${m}`} onClick={() => p.setMode(m)}
          >
            {m === 'forms' ? 'Forms' : 'JSON'}
          </button>
        ))}
      </div>
      <div className="ed-toolgroup">
        <button type="button" className="btn btn-small btn-quiet" onClick={p.draft.undo} disabled={!p.draft.canUndo} title="Undo (Ctrl+Z outside a text field)" data-testid="undo">
          Undo
        </button>
        <button type="button" className="btn btn-small btn-quiet" onClick={p.draft.redo} disabled={!p.draft.canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo">
          Redo
        </button>
      </div>
      <span className="ed-state" data-testid="editor-state" data-valid={p.validation.result.ok ? 'true' : 'false'} aria-live="polite">
        {p.validation.pending ? (
          <span className="muted">checking…</span>
        ) : p.issueCount > 0 ? (
          <span className="err-text">{plural(p.issueCount, 'problem')}</span>
        ) : (
          <span className="ok-text">valid{steps !== null ? `, ${plural(steps, 'step')}` : ''}</span>
        )}
        {p.dirty ? <span className="muted">{savedWord(p.saved)}</span> : p.applied ? <span className="ok-text">applied</span> : <span className="muted">no changes</span>}
      </span>
      <span className="ed-spacer" />
      <button type="button" className="btn btn-small" onClick={p.onDiscard} disabled={!p.dirty} data-testid="discard" title="Go back to the loaded scenario (Undo brings the changes back)">
        Discard changes
      </button>
      <button type="button" className="btn btn-small" onClick={p.onClose} data-testid="close-editor" title="Close the editor (Esc)">
        Close
      </button>
      <button
        type="button" className="btn btn-small ed-apply" onClick={p.onApply} disabled={!p.canApply} data-testid="apply"
        title={why ? `Apply: ${why}` : 'Load this scenario into the explorer (Ctrl+Enter)'} aria-describedby="ed-apply-why"
      >
        {p.apply.kind === 'applying' ? 'Applying…' : 'Apply'}
      </button>
      <span id="ed-apply-why" className="ed-sr">
        {why ?? ''}
      </span>
    </div>
  );
}

function savedWord(s: SaveResult | null): string {
  switch (s) {
    case null:
    case 'cleared':
      return 'unapplied changes';
    case 'saved':
      return 'unapplied; draft kept for this tab';
    case 'too-large':
      return 'unapplied; too large to keep across a reload';
    case 'unavailable':
      return 'unapplied; this browser keeps no drafts';
    default: {
      const never: never = s;
      return never;
    }
  }
}
