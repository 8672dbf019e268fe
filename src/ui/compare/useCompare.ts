// React access to the compare store of the explorer in context.

import { useStore } from 'zustand';
import { useExplorerStore } from '../StoreContext';
import type { CompareState, CompareStore } from './compareStore';
import { compareStoreFor } from './compareStore';

export function useCompareStore(): CompareStore {
  return compareStoreFor(useExplorerStore());
}

export function useCompare<T>(selector: (s: CompareState) => T): T {
  return useStore(useCompareStore(), selector);
}
