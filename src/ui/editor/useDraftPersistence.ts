// Keeping the draft in sessionStorage while it differs from the scenario it was made from: on
// every change (after a pause for large drafts), when the tab is hidden or closed, and when the
// editor closes. `forget` stops it for good (the draft was applied or discarded).

import { useCallback, useEffect, useRef, useState } from 'react';
import { DraftStore, sessionStorageOrNull } from './draftStore';
import type { SaveResult, SavedDraft } from './draftStore';

const LARGE = 256 * 1024;

/** The draft store and the draft kept for `base` when the session started, if any. */
export function useRestoredDraft(base: string, store?: DraftStore): { drafts: DraftStore; restored: SavedDraft | null } {
  const [state] = useState(() => {
    const drafts = store ?? new DraftStore(sessionStorageOrNull());
    return { drafts, restored: drafts.load(base) };
  });
  return state;
}

export interface Persistence {
  readonly saved: SaveResult | null;
  /** Saves now (before closing with "keep the draft"). */
  readonly flush: () => void;
  /** Removes the kept draft and saves no more. */
  readonly forget: () => void;
  /** Saves again after a forget that did not happen (a refused apply). */
  readonly resume: () => void;
}

export function useDraftPersistence(drafts: DraftStore, base: string, text: string): Persistence {
  const [saved, setSaved] = useState<SaveResult | null>(null);
  const stopped = useRef(false);
  const latest = useRef(text);
  latest.current = text;

  const flush = useCallback(() => {
    if (!stopped.current) setSaved(drafts.save(base, latest.current));
  }, [drafts, base]);

  useEffect(() => {
    if (stopped.current) return;
    if (text.length <= LARGE) {
      setSaved(drafts.save(base, text));
      return;
    }
    const t = setTimeout(() => {
      if (!stopped.current) setSaved(drafts.save(base, latest.current));
    }, 500);
    return () => clearTimeout(t);
  }, [drafts, base, text]);

  useEffect(() => {
    const onHide = () => {
      if (!stopped.current) drafts.save(base, latest.current);
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      onHide();
    };
  }, [drafts, base]);

  const forget = useCallback(() => {
    stopped.current = true;
    drafts.clear(base);
  }, [drafts, base]);
  const resume = useCallback(() => {
    stopped.current = false;
    setSaved(drafts.save(base, latest.current));
  }, [drafts, base]);

  return { saved, flush, forget, resume };
}
