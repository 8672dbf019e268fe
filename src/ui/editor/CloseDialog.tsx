// Closing with unapplied changes asks first: keep the draft (it comes back the next time this
// scenario is edited in this tab), discard it, or go back to editing. An in-page dialog, not
// window.confirm (embedded explorers must not raise browser prompts).

import { useEffect, useRef } from 'react';
import type { SaveResult } from './draftStore';

export interface CloseDialogProps {
  readonly saved: SaveResult | null;
  readonly onKeep: () => void;
  readonly onDiscard: () => void;
  readonly onCancel: () => void;
}

export function CloseDialog(p: CloseDialogProps) {
  const keepBtn = useRef<HTMLButtonElement>(null);
  useEffect(() => keepBtn.current?.focus(), []);
  const canKeep = p.saved !== 'too-large' && p.saved !== 'unavailable';
  return (
    <div className="ed-dialog-backdrop">
      <div
        className="ed-dialog" role="alertdialog" aria-modal="true" aria-labelledby="ed-close-title" aria-describedby="ed-close-desc" data-testid="close-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            p.onCancel();
          } else if (e.key === 'Tab') {
            // Modal: Tab cycles through the three choices.
            const buttons = [...e.currentTarget.querySelectorAll('button')];
            const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
            const next = buttons[(i + (e.shiftKey ? buttons.length - 1 : 1)) % buttons.length];
            e.preventDefault();
            next?.focus();
          }
        }}
      >
        <h2 id="ed-close-title" className="ed-dialog-title">
          Close with unapplied changes?
        </h2>
        <p id="ed-close-desc" className="ed-help">
          {canKeep
            ? 'The explorer still shows the last applied scenario. A kept draft comes back the next time you edit this scenario in this tab, even after a reload.'
            : 'The explorer still shows the last applied scenario. This draft cannot be kept across a reload (too large, or storage is off): it stays only until the page is closed.'}
        </p>
        <div className="ed-dialog-actions">
          <button type="button" className="btn" onClick={p.onCancel} data-testid="close-cancel">
            Keep editing
          </button>
          <button type="button" className="btn ed-danger" onClick={p.onDiscard} data-testid="close-discard">
            Discard the draft
          </button>
          <button type="button" ref={keepBtn} className="btn ed-apply" onClick={p.onKeep} data-testid="close-keep">
            Keep the draft and close
          </button>
        </div>
      </div>
    </div>
  );
}
