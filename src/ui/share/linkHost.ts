// The link worker's host: encodes the address bar's link and decodes links off the main thread,
// so stepping through a large scenario never waits for a deflate (a 2 MB scenario takes ~100 ms
// per link) and opening a large link never freezes the page. Requests are answered in order.
// It runs in its own worker, from the simulator's script (worker/background.worker.ts: one
// script, fetched once, shares the scenario parser, valibot and the B-tree). Keep it free of
// React and the DOM.

import type { DecodeAnswer, EncodeAnswer } from './codecCore';
import { decodeCore, EncoderCore } from './codecCore';
import type { ScreenState } from './linkState';

export type LinkWorkerRequest =
  /** `text` comes with the first encode of a new `textKey` only. */
  | { readonly id: number; readonly kind: 'encode'; readonly textKey: number; readonly text?: string; readonly state: ScreenState }
  | { readonly id: number; readonly kind: 'decode'; readonly fragment: string };

export type LinkWorkerResponse =
  | { readonly id: number; readonly kind: 'encode'; readonly answer: EncodeAnswer }
  | { readonly id: number; readonly kind: 'decode'; readonly answer: DecodeAnswer };

export interface LinkWorkerScope {
  onmessage: ((ev: MessageEvent<LinkWorkerRequest>) => void) | null;
  postMessage(msg: LinkWorkerResponse): void;
}

export function startLinkHost(scope: LinkWorkerScope): void {
  const encoder = new EncoderCore();
  scope.onmessage = (ev) => {
    const m = ev.data;
    switch (m.kind) {
      case 'encode': {
        if (m.text !== undefined) encoder.setText(m.textKey, m.text);
        const answer: EncodeAnswer = encoder.hasKey(m.textKey) ? encoder.encode(m.state) : { ok: false, reason: 'failed', message: 'the link worker lost the scenario' };
        scope.postMessage({ id: m.id, kind: 'encode', answer });
        break;
      }
      case 'decode':
        scope.postMessage({ id: m.id, kind: 'decode', answer: decodeCore(m.fragment) });
        break;
      default: {
        const never: never = m;
        return never;
      }
    }
  };
}
