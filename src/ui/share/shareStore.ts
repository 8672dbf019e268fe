// The sharing features' own state, one store per explorer (like the explorer store): the link of
// what is on screen (kept by useAddressBarLink), the banner about a link that did not open (or
// opened with parts dropped), and which of the share and help dialogs is open.

import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { LinkErrorKind, LinkWarning } from '../../core/share';

export type LinkInfo =
  /** No scenario is open: there is nothing to link. */
  | { readonly kind: 'none' }
  /** The link of the current screen is being made. */
  | { readonly kind: 'pending' }
  | { readonly kind: 'ok'; readonly fragment: string }
  /** No link can hold this scenario (too large, or not valid for a link): offer the file. */
  | { readonly kind: 'error'; readonly reason: 'too-large' | 'invalid-scenario' | 'failed'; readonly message: string };

export type LinkNotice =
  /** A link that did not open; the current work stayed. */
  | { readonly kind: 'failed'; readonly errorKind: LinkErrorKind; readonly message: string; readonly where: string; readonly kept: boolean }
  /** A link that opened with parts dropped or adjusted. */
  | { readonly kind: 'warnings'; readonly warnings: readonly LinkWarning[] };

export interface ShareState {
  readonly link: LinkInfo;
  readonly notice: LinkNotice | null;
  readonly shareOpen: boolean;
  readonly helpOpen: boolean;
  /** Makes the link of the current screen now (the dialog opens with it exact); set by the sync hook. */
  readonly flush: () => Promise<void>;
  readonly setLink: (l: LinkInfo) => void;
  readonly setNotice: (n: LinkNotice | null) => void;
  readonly setShareOpen: (open: boolean) => void;
  readonly setHelpOpen: (open: boolean) => void;
  readonly setFlush: (f: () => Promise<void>) => void;
}

export type ShareStore = StoreApi<ShareState>;

export function createShareStore(): ShareStore {
  return createStore<ShareState>()((set) => ({
    link: { kind: 'none' },
    notice: null,
    shareOpen: false,
    helpOpen: false,
    flush: () => Promise.resolve(),
    setLink: (link) => set({ link }),
    setNotice: (notice) => set({ notice }),
    // One dialog at a time.
    setShareOpen: (shareOpen) => set(shareOpen ? { shareOpen, helpOpen: false } : { shareOpen }),
    setHelpOpen: (helpOpen) => set(helpOpen ? { helpOpen, shareOpen: false } : { helpOpen }),
    setFlush: (flush) => set({ flush }),
  }));
}
