// The worker loads the vDPA / SVA / KVM code (src/core/beyond) only for a scenario that needs it:
// the session says when a request wants it and refuses to run without it, and the host loads it
// (a dynamic import, its own chunk in the build) before answering, in order.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as beyondModule from '../../src/core/beyond/index';
import { beyondLoaded, setBeyond } from '../../src/core/beyond/registry';
import { runScenario } from '../../src/core/sim/run';
import type { Request, Response, RunAllResult, WorkerMessage } from '../../src/worker/protocol';
import { SimSession } from '../../src/worker/session';
import { startSimHost } from '../../src/worker/simHost';
import * as compareCode from '../../src/worker/compare';
import { example } from './scenarios';

/** Any request without its id (distributes over the union, so each kind keeps its fields). */
type Body = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

let id = 0;
const req = (body: Body): Request => ({ ...body, id: ++id }) as Request;
function ask(s: SimSession, body: Body): Response {
  const r = s.handle(req(body)).response;
  if (!r) throw new Error('no response');
  return r;
}

// As in the worker before it loaded the code; restored for the other tests of this file's worker.
beforeEach(() => setBeyond(null));
afterEach(() => setBeyond(beyondModule));

describe('the session and the beyond-VFIO code', () => {
  const vdpa = example('vdpa-qemu-macros-ram-list.json');
  const vfio = example('iommufd-group-one-domain.json');

  it('a VFIO / iommufd scenario runs, seeks and walks without it', () => {
    const s = new SimSession();
    expect(ask(s, { kind: 'load', text: vfio.text, origin: 't' }).ok).toBe(true);
    for (const body of [{ kind: 'runAll' }, { kind: 'seek', step: 2 }, { kind: 'walk', space: 'process', iova: 0n }] as Body[]) {
      expect(s.wantsBeyondCode(req(body)), body.kind).toBe(false);
      expect(ask(s, body).ok, body.kind).toBe(true);
    }
    expect(beyondLoaded()).toBe(false);
  });

  it('a vDPA scenario (with QEMU macros) loads without it; running it wants it, then runs as the CLI does', () => {
    const s = new SimSession({}, compareCode);
    // Parsing, macros included, needs no beyond code (the parser is also the link codec's and the editor's).
    expect(ask(s, { kind: 'load', text: vdpa.text, origin: 't' }).ok).toBe(true);
    for (const body of [{ kind: 'runAll' }, { kind: 'seek', step: 0 }, { kind: 'walk', space: 'process', iova: 0n }, { kind: 'compare' }, { kind: 'compare.seek', step: 0 }] as Body[]) {
      expect(s.wantsBeyondCode(req(body)), body.kind).toBe(true);
    }
    expect(s.wantsBeyondCode(req({ kind: 'load', text: vfio.text, origin: 't' }))).toBe(false);
    expect(s.wantsBeyondCode(req({ kind: 'test.fault', fault: 'bug', step: 0 }))).toBe(false);

    s.useBeyondCode(beyondModule);
    expect(beyondLoaded()).toBe(true);
    expect(s.wantsBeyondCode(req({ kind: 'runAll' }))).toBe(false);
    const r = ask(s, { kind: 'runAll' });
    if (!r.ok) throw new Error('runAll failed');
    const run = r.result as RunAllResult;
    expect(run.bug).toBeNull();
    expect(run.results).toEqual(runScenario(vdpa.scenario).results);
    expect(ask(s, { kind: 'compare' }).ok).toBe(true);
  });

  it('when the code could not be loaded, running such a scenario is refused with the reason (never run without it)', () => {
    const s = new SimSession();
    ask(s, { kind: 'load', text: vdpa.text, origin: 't' });
    s.beyondCodeFailed('its code could not be loaded (offline)');
    expect(s.wantsBeyondCode(req({ kind: 'runAll' }))).toBe(false);
    const r = ask(s, { kind: 'runAll' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'internal', message: expect.stringContaining('offline') });
    // A VFIO scenario loaded next still runs.
    ask(s, { kind: 'load', text: vfio.text, origin: 't' });
    expect(ask(s, { kind: 'runAll' }).ok).toBe(true);
  });
});

describe('the worker host loads the beyond-VFIO code before a request that needs it', () => {
  it('answers load, runAll and seek of a vDPA scenario in order, the code loaded in between', async () => {
    const { text, scenario } = example('seed001-reset-mlx5.json');
    const out: WorkerMessage[] = [];
    const scope = { onmessage: null as ((ev: MessageEvent<unknown>) => void) | null, postMessage: (m: WorkerMessage) => void out.push(m), close: () => undefined };
    startSimHost(scope);
    const send = (r: Request): void => scope.onmessage!({ data: r } as MessageEvent<unknown>);
    send({ kind: 'load', id: 1, text, origin: 't' });
    send({ kind: 'runAll', id: 2 });
    send({ kind: 'seek', id: 3, step: scenario.steps.length - 1 });
    for (let i = 0; i < 200 && out.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    const answers = out.filter((m): m is Response => 'id' in m);
    expect(answers.map((a) => [a.id, a.ok])).toEqual([[1, true], [2, true], [3, true]]);
    expect(beyondLoaded()).toBe(true);
    const run = answers[1]!;
    expect(run.ok && (run.result as RunAllResult).results).toEqual(runScenario(scenario).results);
  });
});
