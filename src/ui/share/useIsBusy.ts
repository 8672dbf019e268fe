// The page's idle signal (`data-busy` on the root, which tests and screenshots wait for), the
// same rule as the explorer's App: nothing loading, running, seeking or drawing.

import { useSyncExternalStore } from 'react';
import { isDrawing, subscribeDrawing } from '../automation';
import { useExplorer } from '../StoreContext';

export function useIsBusy(): boolean {
  const loading = useExplorer((s) => s.loading !== null);
  const running = useExplorer((s) => s.run.kind === 'running');
  const seeking = useExplorer((s) => s.seeking);
  const workerBusy = useExplorer((s) => s.worker.kind === 'busy' || s.worker.kind === 'starting' || s.worker.kind === 'restarting');
  const drawing = useSyncExternalStore(subscribeDrawing, isDrawing);
  return loading || running || seeking || workerBusy || drawing;
}
