// Forms mode: the header form and the step list. When the text cannot be shown as forms without
// losing something (a JSON syntax error, steps that are not a list, integers JSON cannot hold
// exactly), it says why and offers the way out instead.

import { useEffect, useState } from 'react';
import { isObject } from './doc';
import type { DocRead, JsonObject } from './doc';
import { textOf } from './fieldValues';
import { HeaderForm } from './HeaderForm';
import type { SortedIssues } from './issues';
import { StepsEditor } from './StepsEditor';
import type { Draft } from './useDraft';

export interface FormsViewProps {
  readonly draft: Draft;
  readonly doc: DocRead;
  readonly keys: readonly string[];
  readonly cursor: number;
  readonly issues: SortedIssues;
  readonly openKey: string | null;
  readonly setOpenKey: (k: string | null) => void;
  readonly focusId: string | null;
  readonly setFocusId: (id: string | null) => void;
  readonly announce: (m: string) => void;
  readonly onShowRaw: () => void;
  readonly onQuoteNumbers: () => void;
}

export function FormsView(p: FormsViewProps) {
  // Focus requests (a new step's first field, a moved row's handle, an issue's field) are served
  // after the render that created the element.
  useEffect(() => {
    if (p.focusId === null) return;
    const el = document.getElementById(p.focusId);
    if (el) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest' });
    }
    p.setFocusId(null);
  });

  const { doc } = p;
  const headerBad = p.issues.header.size > 0;
  const [headerOpen, setHeaderOpen] = useState(() => !doc.ok || doc.steps.length === 0);
  if (!doc.ok) {
    return (
      <div className="ed-blocked" data-testid="forms-blocked" role="status">
        <p>
          <strong>The forms cannot show this text:</strong> {doc.message}.
        </p>
        <p className="ed-help">
          {doc.kind === 'syntax'
            ? 'Fix the JSON in the raw view; the forms come back as soon as it parses.'
            : doc.kind === 'inexact'
              ? 'JSON numbers past 2^53 are rounded by every JSON reader; quoting them keeps every digit.'
              : 'Fix the document in the raw view.'}
        </p>
        <p className="ed-inline">
          <button type="button" className="btn" onClick={p.onShowRaw}>
            Show the JSON
          </button>
          {doc.kind === 'inexact' && (
            <button type="button" className="btn" onClick={p.onQuoteNumbers} data-testid="quote-numbers">
              Quote them as strings
            </button>
          )}
        </p>
      </div>
    );
  }
  return (
    <div className="ed-forms" data-testid="forms-view">
      <HeaderSummary root={doc.root} open={headerOpen || headerBad} bad={headerBad} onToggle={() => setHeaderOpen(!(headerOpen || headerBad))} />
      {(headerOpen || headerBad) && <HeaderForm root={doc.root} issues={p.issues.header} editRoot={p.draft.editRoot} />}
      <StepsEditor
        steps={doc.steps} keys={p.keys} cursor={p.cursor} openKey={p.openKey} setOpenKey={p.setOpenKey} issues={p.issues}
        editRows={p.draft.editRows} announce={p.announce} setFocusId={p.setFocusId}
      />
    </div>
  );
}

/** The header folded to one line (the steps are what is usually edited); problems unfold it. */
function HeaderSummary({ root, open, bad, onToggle }: { root: DocRootLike; open: boolean; bad: boolean; onToggle: () => void }) {
  const devices = Array.isArray(root.devices) ? root.devices.length : 0;
  const kernel = isObject(root.kernel) ? root.kernel : {};
  return (
    <button type="button" className={`ed-header-toggle${bad ? ' ed-header-bad' : ''}`} aria-expanded={open} onClick={onToggle} data-testid="header-toggle">
      <span className="ed-caret" aria-hidden="true">{open ? '▾' : '▸'}</span>
      <span className="ed-header-word">Scenario</span>
      <span className="ed-header-title">{textOf(root.title) || 'untitled'}</span>
      <span className="ed-header-facts">
        {textOf(root.platform)} · {devices === 1 ? '1 device' : `${devices} devices`} · {kernel.vfio_container === 'iommufd' ? 'iommufd container' : 'legacy container'}
      </span>
    </button>
  );
}

type DocRootLike = JsonObject;
