// Where links are encoded and decoded: the link worker (linkHost.ts), or this thread when
// there is no worker (unit tests) or it failed (then every request, pending ones included, is
// done here: slower for large scenarios, never wrong).

import type { DecodeAnswer, EncodeAnswer, EncoderCore } from './codecCore';
import type { ScreenState } from './linkState';
import { LINK_WORKER_NAME } from '../../worker/names';
import type { LinkWorkerRequest, LinkWorkerResponse } from './linkHost';

export interface LinkCodec {
  /** The link of `text` at `state` (the text is prepared once, on its first encode). */
  encode(text: string, state: ScreenState): Promise<EncodeAnswer>;
  decode(fragment: string): Promise<DecodeAnswer>;
  dispose(): void;
}

/** Numbers texts by identity: a new text (a load, an edit) gets a new key. */
class TextKeys {
  private text: string | null = null;
  private key = 0;
  of(text: string): number {
    if (text !== this.text) {
      this.text = text;
      this.key++;
    }
    return this.key;
  }
}

/**
 * The codec itself (core/share: fflate, the dictionary, the scenario parser) is loaded on first
 * use in this thread: with a working link worker the page never needs it, and it weighed about
 * 40 kB gzipped in the page's first chunk (bench/browser: startup_js_gzip_kb).
 */
let coreModule: Promise<typeof import('./codecCore')> | null = null;
const loadCore = (): Promise<typeof import('./codecCore')> => (coreModule ??= import('./codecCore'));

export class InlineCodec implements LinkCodec {
  private readonly keys = new TextKeys();
  private core: EncoderCore | null = null;

  async encode(text: string, state: ScreenState): Promise<EncodeAnswer> {
    const m = await loadCore();
    this.core ??= new m.EncoderCore();
    this.core.setText(this.keys.of(text), text);
    return this.core.encode(state);
  }

  async decode(fragment: string): Promise<DecodeAnswer> {
    return (await loadCore()).decodeCore(fragment);
  }

  dispose(): void {}
}

export interface LinkWorkerLike {
  onmessage: ((ev: MessageEvent<LinkWorkerResponse>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  postMessage(msg: LinkWorkerRequest): void;
  terminate(): void;
}

export function spawnLinkWorker(): LinkWorkerLike {
  // The simulator's script, in a worker of its own (worker/background.worker.ts picks the role).
  return new Worker(new URL('../../worker/background.worker.ts', import.meta.url), { type: 'module', name: LINK_WORKER_NAME }) as unknown as LinkWorkerLike;
}

type Pending =
  | { readonly kind: 'encode'; readonly text: string; readonly state: ScreenState; readonly resolve: (a: EncodeAnswer) => void }
  | { readonly kind: 'decode'; readonly fragment: string; readonly resolve: (a: DecodeAnswer) => void };

export class WorkerCodec implements LinkCodec {
  private worker: LinkWorkerLike | null = null;
  private failed = false;
  private readonly inline = new InlineCodec();
  private readonly keys = new TextKeys();
  /** The text key the worker holds. */
  private sentKey = -1;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly spawn: () => LinkWorkerLike = spawnLinkWorker) {}

  encode(text: string, state: ScreenState): Promise<EncodeAnswer> {
    const w = this.ensure();
    if (!w) return this.inline.encode(text, state);
    return new Promise((resolve) => {
      const id = this.nextId++;
      const textKey = this.keys.of(text);
      this.pending.set(id, { kind: 'encode', text, state, resolve });
      const msg: LinkWorkerRequest = textKey === this.sentKey ? { id, kind: 'encode', textKey, state } : { id, kind: 'encode', textKey, text, state };
      this.sentKey = textKey;
      this.post(w, msg);
    });
  }

  decode(fragment: string): Promise<DecodeAnswer> {
    const w = this.ensure();
    if (!w) return this.inline.decode(fragment);
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { kind: 'decode', fragment, resolve });
      this.post(w, { id, kind: 'decode', fragment });
    });
  }

  /** Ends the worker; pending answers are dropped (their callers are gone too). */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failed = true;
    this.pending.clear();
  }

  private ensure(): LinkWorkerLike | null {
    if (this.worker || this.failed) return this.worker;
    try {
      const w = this.spawn();
      w.onmessage = (ev) => this.answer(ev.data);
      w.onerror = (ev) => {
        ev.preventDefault?.();
        this.fail();
      };
      this.worker = w;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  private post(w: LinkWorkerLike, msg: LinkWorkerRequest): void {
    try {
      w.postMessage(msg);
    } catch {
      this.fail();
    }
  }

  private answer(m: LinkWorkerResponse): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (p.kind === 'encode' && m.kind === 'encode') p.resolve(m.answer);
    else if (p.kind === 'decode' && m.kind === 'decode') p.resolve(m.answer);
  }

  /** The worker is gone: this thread answers from now on, the pending requests first. */
  private fail(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failed = true;
    this.fallBack();
  }

  private fallBack(): void {
    const list = [...this.pending.values()];
    this.pending.clear();
    for (const p of list) {
      // In order: both wait for the same module load, then run in the order asked.
      if (p.kind === 'encode') void this.inline.encode(p.text, p.state).then(p.resolve);
      else void this.inline.decode(p.fragment).then(p.resolve);
    }
  }
}
