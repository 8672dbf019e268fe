// One editing session of one scenario text (`base`): the draft, its validation, its persistence,
// applying it, closing, and taking the user to a problem in either view.

import { useCallback, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { parseScenarioText } from '../../core/scenario/parse';
import type { ScenarioIssue } from '../../core/scenario/types';
import { CloseDialog } from './CloseDialog';
import { EditorToolbar } from './EditorToolbar';
import { FormsView } from './FormsView';
import { fieldId, headerId } from './ids';
import { IssueList } from './IssueList';
import { sortIssues } from './issues';
import { issueRange, lineOf, parseWhere, quoteLargeNumbers, stepOffsets } from './locate';
import { RawEditor } from './RawEditor';
import type { RawJump } from './RawEditor';
import type { ApplyResult } from './ScenarioEditor';
import { useDraft } from './useDraft';
import { useDraftPersistence, useRestoredDraft } from './useDraftPersistence';
import { useValidation } from './useValidation';

export type EditorMode = 'forms' | 'raw';

export type ApplyState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'applying' }
  | { readonly kind: 'refused'; readonly by: 'editor' | 'explorer'; readonly issues: readonly ScenarioIssue[] }
  | { readonly kind: 'failed'; readonly message: string };

export interface EditorSessionProps {
  readonly base: string;
  readonly cursor: number;
  readonly onApply: (text: string) => Promise<ApplyResult>;
  readonly onClose: () => void;
  readonly mode: EditorMode;
  readonly setMode: (m: EditorMode) => void;
  /** This session's base is a text the user just applied. */
  readonly applied: boolean;
  readonly onApplied: (text: string) => void;
}

export function EditorSession(p: EditorSessionProps) {
  const { base } = p;
  const { drafts, restored } = useRestoredDraft(base);
  const draft = useDraft(restored?.text ?? base);
  const keep = useDraftPersistence(drafts, base, draft.text);
  const dirty = draft.text !== base;
  const validation = useValidation(draft.text);
  const issues = validation.result.ok ? NONE : validation.result.issues;
  const sorted = useMemo(() => sortIssues(issues), [issues]);

  const [apply, setApply] = useState<ApplyState>({ kind: 'idle' });
  const [closing, setClosing] = useState(false);
  const [restoredShown, setRestoredShown] = useState(restored !== null);
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [jump, setJump] = useState<RawJump | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const doc = p.mode === 'forms' ? draft.doc() : null;
  const keys = doc ? draft.keys(doc) : NO_KEYS;

  const doApply = useCallback(async () => {
    const text = draft.text;
    // Checked again now: the as-you-type check may lag the last keystroke.
    const r = parseScenarioText(text);
    if (!r.ok) {
      setApply({ kind: 'refused', by: 'editor', issues: r.issues });
      return;
    }
    setApply({ kind: 'applying' });
    keep.forget();
    let res: ApplyResult;
    try {
      res = await p.onApply(text);
    } catch (e) {
      keep.resume();
      setApply({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (res.ok) {
      setApply({ kind: 'idle' });
      p.onApplied(text);
    } else {
      keep.resume();
      setApply({ kind: 'refused', by: 'explorer', issues: res.issues });
    }
  }, [draft.text, keep, p]);

  const requestClose = () => {
    if (dirty) setClosing(true);
    else p.onClose();
  };

  /** Takes the user to an issue: its field in the forms, its text in the raw view. */
  const goTo = (issue: ScenarioIssue) => {
    const path = parseWhere(issue.where);
    // Only a syntax error has a place without a path; '(worker)' and '(file)' have none.
    if (path === null && issue.where !== '(json)') return;
    const formsDoc = draft.doc();
    if (p.mode === 'forms' && formsDoc.ok && path && path.length > 0) {
      const k = draft.keys(formsDoc);
      if (path[0] === 'steps' && typeof path[1] === 'number' && k[path[1]] !== undefined) {
        const key = k[path[1]]!;
        setOpenKey(key);
        const field = typeof path[2] === 'string' ? path[2] : 'op';
        // The form opens on this render; its control for the field (the op select for the step itself) gets the focus.
        setFocusId(fieldId(key, field));
        return;
      }
      if (path[0] !== 'steps' && path[0] !== 'version' && path[0] !== 'format') {
        const hk = path[0] === 'devices' && typeof path[1] === 'number' ? `devices[${path[1]}].${String(path[2] ?? 'id')}` : path.slice(0, 2).join('.');
        setFocusId(headerId(hk));
        return;
      }
    }
    p.setMode('raw');
    setJump({ range: issueRange(draft.text, issue, stepOffsets(draft.text)), seq: (jump?.seq ?? 0) + 1 });
  };

  const marks = useMemo(() => {
    const m = new Map<number, string[]>();
    if (p.mode !== 'raw' || validation.text !== draft.text || issues.length === 0) return m;
    const offsets = stepOffsets(draft.text);
    for (const i of issues) {
      const line = lineOf(draft.text, issueRange(draft.text, i, offsets).start);
      m.set(line, [...(m.get(line) ?? []), `${i.where}: ${i.message}`]);
    }
    return m;
  }, [p.mode, validation.text, draft.text, issues]);
  const issueLine = (i: ScenarioIssue): number | null => {
    if (p.mode !== 'raw') return null;
    for (const [line, list] of marks) if (list.includes(`${i.where}: ${i.message}`)) return line;
    return null;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    const target = e.target as HTMLElement;
    const typing = target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
    if (mod && (e.key === 'Enter' || e.key === 's')) {
      e.preventDefault();
      if (dirty && validation.result.ok && apply.kind !== 'applying') void doApply();
    } else if (e.key === 'Escape' && !closing) {
      e.preventDefault();
      requestClose();
    } else if (mod && !typing && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      if (e.shiftKey) draft.redo();
      else draft.undo();
    }
  };

  const canApply = dirty && validation.result.ok && !validation.pending && apply.kind !== 'applying';
  return (
    <div className="ed" data-testid="scenario-editor" data-mode={p.mode} data-dirty={dirty ? 'true' : 'false'} onKeyDown={onKeyDown}>
      <EditorToolbar
        mode={p.mode} setMode={p.setMode} draft={draft} dirty={dirty} validation={validation} issueCount={issues.length}
        saved={keep.saved} apply={apply} canApply={canApply} applied={p.applied && !dirty}
        onApply={() => void doApply()} onDiscard={() => {
          draft.replace(base);
          setAnnouncement('Changes discarded; Undo brings them back');
        }}
        onClose={requestClose}
      />
      {restoredShown && restored && (
        <div className="ed-banner" role="status" data-testid="draft-restored">
          <span>
            Restored the unapplied draft you were editing (kept at {new Date(restored.savedAt).toLocaleTimeString()}).
          </span>
          <button type="button" className="btn btn-small" onClick={() => setRestoredShown(false)}>
            OK
          </button>
        </div>
      )}
      {apply.kind === 'refused' && (
        <div className="ed-banner ed-banner-err" role="alert" data-testid="apply-refused">
          <IssueList
            issues={apply.issues} onPick={goTo} testId="apply-issues"
            title={apply.by === 'explorer' ? 'The explorer refused this scenario; it still shows the last valid one.' : 'Not applied: the scenario has problems.'}
          />
          <button type="button" className="btn btn-small" onClick={() => setApply({ kind: 'idle' })}>
            Dismiss
          </button>
        </div>
      )}
      {apply.kind === 'failed' && (
        <div className="ed-banner ed-banner-err" role="alert" data-testid="apply-failed">
          <span>Could not apply: {apply.message}. The draft is kept.</span>
          <button type="button" className="btn btn-small" onClick={() => setApply({ kind: 'idle' })}>
            Dismiss
          </button>
        </div>
      )}
      <div className={`ed-body ed-body-${p.mode}`}>
        {p.mode === 'forms' && doc ? (
          <FormsView
            draft={draft} doc={doc} keys={keys} cursor={p.cursor} issues={sorted} openKey={openKey} setOpenKey={setOpenKey}
            focusId={focusId} setFocusId={setFocusId} announce={setAnnouncement}
            onShowRaw={() => {
              const first = issues[0];
              if (first) goToRaw(first);
              else p.setMode('raw');
            }}
            onQuoteNumbers={() => draft.replace(quoteLargeNumbers(draft.text))}
          />
        ) : (
          <RawEditor text={draft.text} onChange={draft.setText} marks={marks} jump={jump} invalid={issues.length > 0} />
        )}
      </div>
      <div className="ed-footer">
        <IssueList issues={issues} onPick={goTo} lineOf={issueLine} title={p.mode === 'raw' ? 'Problems (choose one to put the caret there)' : 'Problems (choose one to go to its field)'} />
      </div>
      {closing && (
        <CloseDialog
          saved={keep.saved}
          onKeep={() => {
            keep.flush();
            setClosing(false);
            p.onClose();
          }}
          onDiscard={() => {
            keep.forget();
            setClosing(false);
            p.onClose();
          }}
          onCancel={() => setClosing(false)}
        />
      )}
      <div className="ed-sr" aria-live="polite" data-testid="editor-announce">
        {announcement}
      </div>
    </div>
  );

  function goToRaw(issue: ScenarioIssue) {
    p.setMode('raw');
    setJump({ range: issueRange(draft.text, issue, stepOffsets(draft.text)), seq: (jump?.seq ?? 0) + 1 });
  }
}

const NONE: readonly ScenarioIssue[] = [];
const NO_KEYS: readonly string[] = [];
