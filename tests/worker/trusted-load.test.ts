// The size cap on scenario text: 8 MiB for anything untrusted (files, links, fetches, the
// editor), 64 MiB only when an in-page caller says `trusted` (the automation API's load, used
// by the bench's 100k-step scenarios). The flag travels in the worker's load request and is
// kept for the replay into a restarted worker.

import { describe, expect, it } from 'vitest';
import { MAX_SCENARIO_BYTES, MAX_TRUSTED_SCENARIO_BYTES, parseScenarioText } from '../../src/core/scenario/parse';
import { InProcessEngine } from '../../src/state/inProcessEngine';
import type { Request } from '../../src/worker/protocol';
import { isRequest } from '../../src/worker/protocol';
import { SimSession } from '../../src/worker/session';
import { bigIoasDoc } from './scenarios';

/** A valid scenario padded past 8 MiB with JSON whitespace (parsing ignores it). */
function over8MiB(): string {
  const text = JSON.stringify(bigIoasDoc(50));
  return text.replace(/}$/, ' '.repeat(MAX_SCENARIO_BYTES + 1 - text.length) + '}');
}

describe('trusted load', () => {
  const big = over8MiB();

  it('parseScenarioText refuses past 8 MiB by default and accepts up to the given cap', () => {
    expect(big.length).toBeGreaterThan(MAX_SCENARIO_BYTES);
    const refused = parseScenarioText(big);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]!.message).toMatch(/limit is 8 MiB/);
    expect(parseScenarioText(big, { maxBytes: MAX_TRUSTED_SCENARIO_BYTES }).ok).toBe(true);
    expect(MAX_TRUSTED_SCENARIO_BYTES).toBe(64 * 1024 * 1024);
  });

  it('the worker session lifts the cap only for a trusted load request', () => {
    const s = new SimSession();
    const untrusted = s.handle({ kind: 'load', id: 1, text: big, origin: 'file big.json' }).response;
    expect(untrusted).toMatchObject({ ok: true, result: { ok: false } });
    const trusted = s.handle({ kind: 'load', id: 2, text: big, origin: 'automation', trusted: true }).response;
    expect(trusted).toMatchObject({ ok: true, result: { ok: true } });
  });

  it('a load request with a non-boolean trusted is malformed', () => {
    const base = { kind: 'load', id: 1, text: '{}', origin: 'x' };
    expect(isRequest(base)).toBe(true);
    expect(isRequest({ ...base, trusted: true })).toBe(true);
    expect(isRequest({ ...base, trusted: 'yes' })).toBe(false);
  });

  it('the in-process engine forwards the flag, and only when set', async () => {
    const e = new InProcessEngine();
    expect((await e.load(big, 'file')).ok).toBe(false);
    expect((await e.load(big, 'automation', { trusted: true })).ok).toBe(true);
    const loads = e.sent.filter((r): r is Extract<Request, { kind: 'load' }> => r.kind === 'load');
    expect(loads.map((r) => r.trusted)).toEqual([undefined, true]);
  });
});
