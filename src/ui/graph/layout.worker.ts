// The graph's layout worker: runs dagre (layout.ts) off the main thread, so laying out a few
// hundred objects never freezes stepping or scrolling. One request at a time; answers carry
// the request's id. Keep this chunk free of React and the DOM.

import { computeLayout } from './layout';
import type { LayoutInput, LayoutResult } from './layout';

export interface LayoutRequest {
  readonly id: number;
  readonly input: LayoutInput;
}

export type LayoutResponse =
  | { readonly id: number; readonly ok: true; readonly result: LayoutResult }
  | { readonly id: number; readonly ok: false; readonly message: string };

// The worker global, typed structurally (the app's tsconfig has the DOM lib, not WebWorker).
interface WorkerScope {
  onmessage: ((ev: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(msg: LayoutResponse): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (ev) => {
  const { id, input } = ev.data;
  try {
    scope.postMessage({ id, ok: true, result: computeLayout(input) });
  } catch (e) {
    scope.postMessage({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
};
