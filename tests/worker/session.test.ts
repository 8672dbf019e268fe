// The worker session's protocol: seek and walk answers, a seek on a worker that only replayed
// `load` (after a crash) runs first, out-of-range seeks say why, and snapshots list their
// buffers for transfer.

import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/core/view/types';
import type { Request, Response } from '../../src/worker/protocol';
import { transferablesOf } from '../../src/worker/protocol';
import { SimSession } from '../../src/worker/session';
import { example } from './scenarios';

/** Any request without its id (distributes over the union, so each kind keeps its fields). */
type Body = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

let id = 0;
function ask(s: SimSession, body: Body): Response {
  const r = s.handle({ ...body, id: ++id } as Request).response;
  if (!r) throw new Error('no response');
  return r;
}

const { text, scenario } = example('seed004-last-group-leaves.json');
const last = scenario.steps.length - 1;

describe('SimSession', () => {
  it('seeks after a run, and runs first when it holds none (a restarted worker)', () => {
    const s = new SimSession();
    expect(ask(s, { kind: 'seek', step: 0 })).toMatchObject({ ok: false, error: { kind: 'no-scenario' } });
    expect(ask(s, { kind: 'load', text, origin: 't' })).toMatchObject({ ok: true });
    // No runAll yet: the seek runs the scenario itself.
    const r = ask(s, { kind: 'seek', step: last });
    expect(r).toMatchObject({ ok: true, kind: 'seek', result: { snapshot: { step: last } } });
    expect(ask(s, { kind: 'seek', step: -1 })).toMatchObject({ ok: true, result: { snapshot: { step: -1 } } });
  });

  it('refuses a step outside the run, naming the range', () => {
    const s = new SimSession();
    ask(s, { kind: 'load', text, origin: 't' });
    ask(s, { kind: 'runAll' });
    const r = ask(s, { kind: 'seek', step: last + 1 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'out-of-range' } });
    expect(r.ok ? '' : r.error.message).toContain(`steps -1 to ${last} can be shown`);
    expect(ask(s, { kind: 'seek', step: -2 })).toMatchObject({ ok: false, error: { kind: 'out-of-range' } });
  });

  it('past an injected simulator bug, says the run stopped there', () => {
    const s = new SimSession();
    ask(s, { kind: 'load', text, origin: 't' });
    ask(s, { kind: 'test.fault', fault: 'bug', step: 2 });
    const run = ask(s, { kind: 'runAll' });
    expect(run).toMatchObject({ ok: true, result: { bug: { step: 2 } } });
    const r = ask(s, { kind: 'seek', step: 2 });
    expect(r.ok ? '' : r.error.message).toContain('stopped at a simulator bug at step 2');
    expect(ask(s, { kind: 'seek', step: 1 })).toMatchObject({ ok: true });
  });

  it('a new load drops the old run; an invalid one keeps both', () => {
    const s = new SimSession();
    ask(s, { kind: 'load', text, origin: 't' });
    ask(s, { kind: 'runAll' });
    expect(ask(s, { kind: 'load', text: '{', origin: 'bad' })).toMatchObject({ ok: true, result: { ok: false } });
    expect(ask(s, { kind: 'seek', step: last })).toMatchObject({ ok: true });
    const other = example('iommufd-copy.json');
    ask(s, { kind: 'load', text: other.text, origin: 'other' });
    const r = ask(s, { kind: 'seek', step: other.scenario.steps.length - 1 });
    expect(r).toMatchObject({ ok: true, result: { snapshot: { step: other.scenario.steps.length - 1 } } });
  });

  it('answers a walk at the cursor', () => {
    const s = new SimSession();
    ask(s, { kind: 'load', text, origin: 't' });
    const r = ask(s, { kind: 'walk', space: 'container:1', iova: 1n << 59n });
    expect(r).toMatchObject({ ok: true, kind: 'walk', result: { space: 'container:1', iova: 1n << 59n } });
  });
});

describe('transferablesOf', () => {
  it('lists every layer buffer once', () => {
    const shared = new BigUint64Array(4);
    const snap: Snapshot = {
      step: 0, nodes: [], edges: [], changes: { addedNodes: [], removedNodes: [], changedNodes: [], ranges: [], summary: [] },
      spaces: [
        { id: 'a', kind: 'ioas', title: 'a', node: 'n', extent: { first: 0n, last: 1n }, walkable: false,
          layers: [{ kind: 'mapping', first: shared.subarray(0, 2), last: shared.subarray(2), backing: new BigUint64Array(2) }] },
        { id: 'b', kind: 'ioas', title: 'b', node: 'n', extent: { first: 0n, last: 1n }, walkable: false,
          layers: [{ kind: 'reserved', first: new BigUint64Array(0), last: new BigUint64Array(0) }] },
      ],
    };
    const list = transferablesOf(snap);
    expect(list).toHaveLength(2);
    expect(list).toContain(shared.buffer);
  });
});
