// The explorer store reaches components through context, so that two explorers on one page
// (or a test harness) each have their own. Reading outside the provider is a bug and says so.

import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ExplorerState, ExplorerStore } from '../state/store';

const StoreContext = createContext<ExplorerStore | null>(null);

export function ExplorerProvider({ store, children }: { store: ExplorerStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useExplorerStore(): ExplorerStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useExplorer: no ExplorerProvider above this component');
  return store;
}

/** Subscribe to a slice of the state; re-renders only when the selected value changes (Object.is). */
export function useExplorer<T>(selector: (s: ExplorerState) => T): T {
  return useStore(useExplorerStore(), selector);
}
