// The share store reaches the top bar's buttons, the dialogs and the banner through context.

import { createContext, useContext, useState } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ShareState, ShareStore } from './shareStore';
import { createShareStore } from './shareStore';

const ShareContext = createContext<ShareStore | null>(null);

export function ShareProvider({ children, store }: { children: ReactNode; store?: ShareStore }) {
  const [own] = useState(() => store ?? createShareStore());
  return <ShareContext.Provider value={own}>{children}</ShareContext.Provider>;
}

export function useShareStore(): ShareStore {
  const s = useContext(ShareContext);
  if (!s) throw new Error('useShare: no ShareProvider above this component');
  return s;
}

export function useShare<T>(selector: (s: ShareState) => T): T {
  return useStore(useShareStore(), selector);
}
