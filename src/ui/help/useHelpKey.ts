// ? opens the help (and closes it again). Not while typing in a field (a "?" in an IOVA field or
// the editor is text), not with Ctrl/Alt/Meta, not while the editor is open. Shift is how most
// layouts type "?", so it is allowed.

import { useEffect } from 'react';
import type { ExplorerStore } from '../../state/store';
import type { ShareStore } from '../share/shareStore';

function typing(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  if (t instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(t.type);
  return false;
}

export function useHelpKey(store: ExplorerStore, share: ShareStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '?' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (typing(e.target) || store.getState().editorOpen) return;
      const sh = share.getState();
      e.preventDefault();
      sh.setHelpOpen(!sh.helpOpen);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, share]);
}
