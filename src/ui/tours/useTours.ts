// React access to the tour store of the explorer in context.

import { useStore } from 'zustand';
import { useExplorerStore } from '../StoreContext';
import type { TourState, TourStore } from './tourStore';
import { tourStoreFor } from './tourStore';

export function useTourStore(): TourStore {
  return tourStoreFor(useExplorerStore());
}

export function useTours<T>(selector: (s: TourState) => T): T {
  return useStore(useTourStore(), selector);
}
