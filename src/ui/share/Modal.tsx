// A modal dialog for the share and help dialogs: labelled by its heading, focus moved in on open
// and back to the opener on close, Tab kept inside, Escape and the close button close it (a
// click on the backdrop too: nothing in these dialogs can be lost). Stepping keys stay off
// while it is open (shell/useStepKeys.ts ignores keys inside [role="dialog"]).

import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, ReactNode } from 'react';
import './share.css';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Modal(props: { title: string; testId: string; onClose: () => void; children: ReactNode; wide?: boolean; initialFocus?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = props.initialFocus ? box.current?.querySelector<HTMLElement>(props.initialFocus) : null;
    (first ?? box.current)?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      onClose.current();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      opener?.focus();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- focus once, on open
  }, []);

  const onKeyDown = (e: ReactKeyboardEvent): void => {
    if (e.key !== 'Tab' || !box.current) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && (document.activeElement === first || document.activeElement === box.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="sh-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        ref={box}
        className={`sh-dialog${props.wide ? ' sh-dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={props.testId}
        onKeyDown={onKeyDown}
      >
        <header className="sh-head">
          <h2 id={titleId} className="sh-title">
            {props.title}
          </h2>
          <button type="button" className="btn btn-small btn-quiet" onClick={props.onClose} data-testid={`${props.testId}-close`} aria-label="Close">
            Close <kbd>Esc</kbd>
          </button>
        </header>
        <div className="sh-body">{props.children}</div>
      </div>
    </div>
  );
}
