// The link codec's work, synchronous and pure: run in the link worker (linkHost.ts), or on
// this thread when no worker can be had (tests, a worker that failed). The scenario is prepared
// once per text (prepareScenario: parse, canonicalize, build its part of the body) and each
// state change only encodes the small tail (step, selection, view) and deflates.

import type { LinkErrorKind, LinkSelection, LinkView, LinkWarning } from '../../core/share';
import { decodeLink, encodeLink, LinkEncodeError, PreparedScenario, prepareScenario } from '../../core/share';
import type { ScreenState } from './linkState';
import { MAX_LINKABLE_TEXT } from './linkState';

export { MAX_LINKABLE_TEXT };

export type EncodeAnswer =
  | { readonly ok: true; readonly fragment: string }
  | { readonly ok: false; readonly reason: 'too-large' | 'invalid-scenario' | 'failed'; readonly message: string };

/** decodeLink's answer without the parsed scenario (the explorer opens the text). */
export type DecodeAnswer =
  | {
      readonly ok: true;
      readonly version: number;
      readonly text: string;
      readonly step: number;
      readonly selection: LinkSelection;
      readonly view: LinkView;
      readonly warnings: readonly LinkWarning[];
    }
  | { readonly ok: false; readonly kind: LinkErrorKind; readonly message: string; readonly where: string };

export class EncoderCore {
  private key = -1;
  private prepared: PreparedScenario | EncodeAnswer | null = null;

  /** Makes `text` the scenario of the next encodes, under `key` (a new key: prepare again). */
  setText(key: number, text: string): void {
    if (key === this.key) return;
    this.key = key;
    this.prepared = prepare(text);
  }

  hasKey(key: number): boolean {
    return this.key === key;
  }

  encode(state: ScreenState): EncodeAnswer {
    const p = this.prepared;
    if (p === null) return { ok: false, reason: 'failed', message: 'no scenario to link' };
    if (!(p instanceof PreparedScenario)) return p;
    try {
      return { ok: true, fragment: encodeLink({ scenario: p, step: state.step, selection: state.selection, view: state.view }) };
    } catch (e) {
      return failure(e);
    }
  }
}

function prepare(text: string): PreparedScenario | EncodeAnswer {
  if (text.length > MAX_LINKABLE_TEXT) {
    return { ok: false, reason: 'too-large', message: `the scenario is ${(text.length / 1e6).toFixed(1)} MB of text, too large for a link; share it as a file` };
  }
  try {
    return prepareScenario(text);
  } catch (e) {
    return failure(e);
  }
}

function failure(e: unknown): EncodeAnswer {
  if (e instanceof LinkEncodeError) return { ok: false, reason: e.reason, message: e.message };
  return { ok: false, reason: 'failed', message: `the link could not be made (${e instanceof Error ? e.message : String(e)})` };
}

export function decodeCore(fragment: string): DecodeAnswer {
  const r = decodeLink(fragment);
  if (!r.ok) return { ok: false, kind: r.kind, message: r.message, where: r.where };
  return { ok: true, version: r.version, text: r.text, step: r.step, selection: r.selection, view: r.view, warnings: r.warnings };
}
