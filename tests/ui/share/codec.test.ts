// The link codec behind the address bar: the worker gets a scenario's text once (later encodes
// send only the screen), answers in order, and when the worker fails every pending request and
// every later one is answered on this thread, the same answer it would have given.

import { describe, expect, it } from 'vitest';
import { decodeLink } from '../../../src/core/share';
import type { LinkWorkerLike } from '../../../src/ui/share/codec';
import { InlineCodec, WorkerCodec } from '../../../src/ui/share/codec';
import { decodeCore, EncoderCore, MAX_LINKABLE_TEXT } from '../../../src/ui/share/codecCore';
import type { ScreenState } from '../../../src/ui/share/linkState';
import type { LinkWorkerRequest, LinkWorkerResponse } from '../../../src/ui/share/linkHost';
import { example } from '../../worker/scenarios';

const { text } = example('type1-map-overlap-eexist.json');
const other = example('seed004-last-group-leaves.json').text;
const at = (step: number): ScreenState => ({ step, selection: { kind: 'none' }, view: { mode: 'split' } });

/** Runs the worker's protocol in this thread (the real one runs in a worker). */
class FakeWorker implements LinkWorkerLike {
  onmessage: ((ev: MessageEvent<LinkWorkerResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  readonly received: LinkWorkerRequest[] = [];
  hold = false;
  private readonly core = new EncoderCore();
  private readonly queue: LinkWorkerRequest[] = [];

  postMessage(m: LinkWorkerRequest): void {
    this.received.push(m);
    this.queue.push(m);
    if (!this.hold) this.drain();
  }
  drain(): void {
    for (const m of this.queue.splice(0)) {
      let res: LinkWorkerResponse;
      if (m.kind === 'encode') {
        if (m.text !== undefined) this.core.setText(m.textKey, m.text);
        res = { id: m.id, kind: 'encode', answer: this.core.encode(m.state) };
      } else {
        res = { id: m.id, kind: 'decode', answer: decodeCore(m.fragment) };
      }
      queueMicrotask(() => this.onmessage?.({ data: res } as MessageEvent<LinkWorkerResponse>));
    }
  }
  crash(): void {
    this.onerror?.({ preventDefault() {} } as ErrorEvent);
  }
  terminate(): void {}
}

describe('link codec', () => {
  it('sends a text once, then only screens; answers match the inline codec', async () => {
    const w = new FakeWorker();
    const codec = new WorkerCodec(() => w);
    const inline = new InlineCodec();
    for (const step of [0, 3, 5]) {
      const a = await codec.encode(text, at(step));
      expect(a).toEqual(await inline.encode(text, at(step)));
    }
    await codec.encode(other, at(1));
    await codec.encode(other, at(2));
    const texts = w.received.filter((m) => m.kind === 'encode' && m.text !== undefined).length;
    expect(texts).toBe(2);
    const a = await codec.encode(other, at(2));
    expect(a.ok && decodeLink(a.fragment).ok).toBe(true);
    const d = await codec.decode(a.ok ? a.fragment : '');
    expect(d.ok && d.step).toBe(2);
  });

  it('answers pending and later requests on this thread when the worker fails', async () => {
    const w = new FakeWorker();
    w.hold = true;
    const codec = new WorkerCodec(() => w);
    const pending = codec.encode(text, at(4));
    const pendingDecode = codec.decode('#s=1.AAAA');
    w.crash();
    const a = await pending;
    expect(a.ok && decodeLink(a.fragment).ok && (decodeLink(a.fragment) as { step: number }).step).toBe(4);
    expect((await pendingDecode).ok).toBe(false);
    const b = await codec.encode(text, at(6));
    expect(b.ok).toBe(true);
    expect(w.received.length).toBe(2);
  });

  it('a worker that cannot start: everything on this thread', async () => {
    const codec = new WorkerCodec(() => {
      throw new Error('no workers here');
    });
    const a = await codec.encode(text, at(0));
    expect(a.ok).toBe(true);
  });

  it('says why a text cannot be linked: invalid, or too large to try', async () => {
    const inline = new InlineCodec();
    const bad = await inline.encode('{"format":"iova-atlas.scenario"}', at(0));
    expect(bad).toMatchObject({ ok: false, reason: 'invalid-scenario' });
    const huge = await inline.encode(' '.repeat(MAX_LINKABLE_TEXT + 1), at(0));
    expect(huge).toMatchObject({ ok: false, reason: 'too-large' });
    expect(huge.ok === false && huge.message).toMatch(/share it as a file/);
  });
});
