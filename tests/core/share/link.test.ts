import { readdirSync, readFileSync } from 'node:fs';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseScenarioText, parseScenarioValue } from '../../../src/core/scenario/parse';
import type { Scenario } from '../../../src/core/scenario/types';
import type { LinkDecoded, LinkOpened, LinkSelection } from '../../../src/core/share';
import { canonicalText, decodeLink, encodeLink, LinkEncodeError, LINK_SAFE_CHARS, MAX_LINK_CHARS, prepareScenario } from '../../../src/core/share';
import { jsonEqual } from '../../../src/core/share/json';
import type { Selection } from '../../../src/state/selection';
import { bodyV1, mapUnmapScenario, packV0, packV1 } from './fixtures';

const EXAMPLES = 'public/scenarios';
const exampleFiles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && f !== 'index.json');

function opened(r: LinkDecoded): LinkOpened {
  if (!r.ok) throw new Error(`expected the link to open: ${r.kind} at ${r.where}: ${r.message}`);
  return r;
}

function failed(r: LinkDecoded) {
  if (r.ok) throw new Error('expected the link to be refused');
  return r;
}

function parsed(doc: unknown): Scenario {
  const r = parseScenarioValue(doc);
  if (!r.ok) throw new Error(r.issues[0]!.message);
  return r.scenario;
}

const base = { format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', devices: [{ id: 'nic0', group: 26 }] };
const SETUP = [
  { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
  { op: 'open', path: '/dev/vfio/26', as: 'g' },
  { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' },
  { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1v2_IOMMU' },
];
const smallText = JSON.stringify({ ...base, steps: [...SETUP, { op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova: '0x100000', size: '0x200000', vaddr: '0x7f0000000000', flags: ['READ', 'WRITE'] }] });
const smallLink = encodeLink({ scenario: smallText, step: 2 });

describe('round trips', () => {
  it.each(exampleFiles)('%s: the link reopens the same scenario, and re-encodes to the same link', (file) => {
    const text = readFileSync(`${EXAMPLES}/${file}`, 'utf8');
    const link = encodeLink({ scenario: text, step: 1 });
    expect(link).toMatch(/^#s=1\.[A-Za-z0-9_-]+$/);
    const r = opened(decodeLink(link));
    const canon = canonicalText(text);
    if (!canon.ok) throw new Error('example does not parse');
    expect(r.text).toBe(canon.text);
    // The scenario the explorer runs is the one the file gives (macros expand the same way).
    const fromFile = parseScenarioText(text);
    expect(fromFile.ok && r.scenario.steps).toEqual(fromFile.ok && fromFile.scenario.steps);
    expect(r.step).toBe(1);
    expect(encodeLink({ scenario: r.text, step: r.step })).toBe(link);
  });

  it('a parsed Scenario encodes too: macro steps travel as the primitive steps they expanded into', () => {
    const text = readFileSync(`${EXAMPLES}/vdpa-qemu-macros-ram-list.json`, 'utf8');
    const s = parseScenarioText(text);
    if (!s.ok) throw new Error('example does not parse');
    const r = opened(decodeLink(encodeLink({ scenario: s.scenario })));
    expect(r.scenario.steps.length).toBe(s.scenario.steps.length);
    expect(r.scenario.steps.map(({ macro: _m, ...rest }) => rest)).toEqual(s.scenario.steps.map(({ macro: _m, ...rest }) => rest));
    expect(r.doc.steps.some((st) => String(st.op).startsWith('qemu.'))).toBe(false);
  });

  it('a prepared scenario gives the same links as its text, for any state', () => {
    const p = prepareScenario(smallText);
    expect(encodeLink({ scenario: p, step: 2 })).toBe(smallLink);
    const sel: LinkSelection = { kind: 'address', space: 'container:c', iova: 0xffffffffffffffffn };
    expect(encodeLink({ scenario: p, selection: sel })).toBe(encodeLink({ scenario: smallText, selection: sel }));
  });

  it('64-bit values survive exactly: selection, view and steps at the top of the address space', () => {
    const text = JSON.stringify({ ...base, steps: [...SETUP, { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'c', iova: '18446744073709547520', size: '0x1000' }] });
    const r = opened(decodeLink(encodeLink({
      scenario: text, step: -1,
      selection: { kind: 'range', space: 'container:c', first: 0xfffffffffffff000n, last: 0xffffffffffffffffn },
      view: { mode: 'graph', map: { start: 0x8000000000000000n, span: 0x8000000000000000n }, walk: { space: 'container:c', iova: 0xfffffffffffffffen } },
    })));
    expect(r.scenario.steps[4]!.iova).toBe(0xfffffffffffff000n);
    expect(r.doc.steps[4]!.iova).toBe('0xfffffffffffff000');
    expect(r.step).toBe(-1);
    expect(r.selection).toEqual({ kind: 'range', space: 'container:c', first: 0xfffffffffffff000n, last: 0xffffffffffffffffn });
    expect(r.view).toEqual({ mode: 'graph', map: { start: 1n << 63n, span: 1n << 63n }, walk: { space: 'container:c', iova: 0xfffffffffffffffen } });
  });

  it("the app's Selection is a LinkSelection (same shape, checked by tsc)", () => {
    const toLink = (s: Selection): LinkSelection => s;
    expect(toLink({ kind: 'node', id: 'group:26' })).toEqual({ kind: 'node', id: 'group:26' });
  });

  it('view keys this build does not know are kept, as JSON', () => {
    const r = opened(decodeLink(encodeLink({ scenario: smallText, view: { mode: 'map', panel: 'inspector', zoom: [1, 2] } })));
    expect(r.view).toEqual({ mode: 'map', panel: 'inspector', zoom: [1, 2] });
  });

  it('a scenario too large for any link is not encoded (the decoder would refuse it)', () => {
    const text = JSON.stringify({ ...base, description: 'd', steps: Array.from({ length: 200 }, (_, i) => ({ op: 'open', path: '/dev/iommu', as: `h${i}`, note: 'n'.repeat(8000) })) });
    try {
      encodeLink({ scenario: text });
      throw new Error('expected a LinkEncodeError');
    } catch (e) {
      expect(e).toBeInstanceOf(LinkEncodeError);
      expect((e as LinkEncodeError).reason).toBe('too-large');
      expect((e as LinkEncodeError).message).toMatch(/more than the 1 MiB a link may hold; share it as a file/);
    }
  });

  it('an invalid scenario is not encoded: LinkEncodeError names the problem', () => {
    expect(() => encodeLink({ scenario: '{"format": "iova-atlas.scenario"' })).toThrow(LinkEncodeError);
    expect(() => encodeLink({ scenario: JSON.stringify({ ...base, steps: [{ op: 'close', fd: 'nope' }] }) })).toThrow(/steps\[0\]\.fd: handle "nope" is used before/);
  });
});

describe('compactness', () => {
  it(`a 100-step map/unmap scenario with the step, a selection and the map view fits in ${LINK_SAFE_CHARS} characters`, () => {
    const doc = mapUnmapScenario(100);
    const link = encodeLink({
      scenario: JSON.stringify(doc), step: 57,
      selection: { kind: 'range', space: 'container:container', first: 0x100000n, last: 0x1fffffn },
      view: { mode: 'map', map: { start: 0n, span: 1n << 40n } },
    });
    expect(link.length).toBeLessThanOrEqual(LINK_SAFE_CHARS);
    // Plain deflate of the JSON (the §4 table's method) is at least a quarter longer.
    const plain = Math.ceil((deflateSync(strToU8(JSON.stringify(doc)), { level: 9 }).length * 4) / 3);
    expect(link.length).toBeLessThan(plain * 0.8);
    expect(jsonEqual(opened(decodeLink(link)).doc, parsedDoc(doc))).toBe(true);
  });

  it('even with random 52-bit IOVAs and user addresses, 100 steps fit', () => {
    let seed = 99;
    const rand = (bits: number) => {
      let x = 0n;
      for (let i = 0; i < bits; i += 13) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        x = (x << 13n) | BigInt(seed >>> 19);
      }
      return x & ((1n << BigInt(bits)) - 1n);
    };
    const steps = [...SETUP];
    while (steps.length < 100) {
      steps.push({ op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova: '0x' + (rand(40) << 12n).toString(16), size: '0x' + ((rand(8) + 1n) << 12n).toString(16), vaddr: '0x' + (rand(35) << 12n).toString(16), flags: ['READ', 'WRITE'] } as never);
    }
    expect(encodeLink({ scenario: JSON.stringify({ ...base, steps }) }).length).toBeLessThanOrEqual(LINK_SAFE_CHARS);
  });
});

function parsedDoc(doc: unknown) {
  const c = canonicalText(JSON.stringify(doc));
  if (!c.ok) throw new Error('fixture does not parse');
  return JSON.parse(c.text) as unknown;
}

describe('refused links say what is wrong and where', () => {
  it('empty, or no scenario in the fragment', () => {
    expect(failed(decodeLink('')).kind).toBe('empty');
    expect(failed(decodeLink('#')).kind).toBe('empty');
    const r = failed(decodeLink('#view=map&step=3'));
    expect(r.kind).toBe('not-a-link');
    expect(r.message).toMatch(/#s=/);
  });

  it('a character outside base64url: its position in the link data', () => {
    const payload = smallLink.slice('#s=1.'.length);
    const r = failed(decodeLink(`#s=1.${payload.slice(0, 20)}!${payload.slice(21)}`));
    expect(r.kind).toBe('bad-characters');
    expect(r.where).toBe('link data, character 21');
    expect(r.message).toMatch(/"!" is not a base64url character/);
  });

  it('cut anywhere: "incomplete", never a different scenario', () => {
    const kinds = new Set<string>();
    for (let len = '#s=1.'.length; len < smallLink.length; len++) {
      const r = failed(decodeLink(smallLink.slice(0, len)));
      kinds.add(r.kind);
      expect(r.message).toMatch(/^The link (is incomplete|has no data after its version marker)/);
    }
    expect([...kinds]).toEqual(['truncated']);
  });

  it('a changed character: "damaged" (the checksum or the deflate stream catches it)', () => {
    const p = smallLink.slice('#s=1.'.length);
    let refused = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p[i] === 'A' ? 'B' : 'A';
      const r = decodeLink(`#s=1.${p.slice(0, i)}${c}${p.slice(i + 1)}`);
      if (!r.ok) {
        refused++;
        expect(['corrupted', 'truncated']).toContain(r.kind);
        expect(r.message).toMatch(/^The link is (damaged|incomplete)/);
      } else {
        // Only bits deflate ignores (padding after the final block) can leave the content intact.
        expect(r.text).toBe(opened(decodeLink(smallLink)).text);
      }
    }
    expect(refused).toBeGreaterThan(p.length * 0.9);
  });

  it('a correct checksum over a body that is not v1: the byte where it goes wrong', () => {
    const r = failed(decodeLink(packV1(new Uint8Array([0x05, 0x7b, 0x7d, 0x7b, 0x7d, 0x7b, 0x09]))));
    expect(r.kind).toBe('corrupted');
    expect(r.where).toMatch(/^link body, byte \d+$/);
  });

  it('a deflate bomb is refused while inflating', () => {
    const link = packV1(new Uint8Array(16 * 1024 * 1024)); // 16 MiB of zeros: a link of ~22 KB
    const r = failed(decodeLink(link));
    expect(r.kind).toBe('too-large');
    expect(r.message).toMatch(/inflates to more than 1 MiB/);
    expect(failed(decodeLink(packV0(' '.repeat(4 * 1024 * 1024), 'gzip'))).kind).toBe('too-large');
  }, 60_000);

  it('a fragment longer than any browser keeps is refused before decoding', () => {
    expect(failed(decodeLink('#s=1.' + 'A'.repeat(MAX_LINK_CHARS))).kind).toBe('too-large');
  });

  it('a newer version: "made by a newer iova-atlas"; a version never written: unknown', () => {
    const newer = failed(decodeLink('#s=2.AAAAAAAA'));
    expect(newer.kind).toBe('newer-version');
    expect(newer.message).toMatch(/made by a newer iova-atlas \(link version 2; this build reads versions 0 to 1\)/);
    expect(failed(decodeLink('#s=0.AAAAAAAA')).kind).toBe('unknown-version');
    expect(failed(decodeLink('#s=AAAAAAAA')).message).toMatch(/version marker/);
  });

  it('an intact link with an invalid scenario: the parser\'s issue, by step and field', () => {
    const doc = { ...base, steps: [...SETUP, { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'c', iova: '0xzz', size: '0x1000' }] };
    for (const link of [packV0(JSON.stringify(doc)), packV1(bodyV1(JSON.stringify({ ...base }), doc.steps.map((s) => JSON.stringify(s))))]) {
      const r = failed(decodeLink(link));
      expect(r.kind).toBe('invalid-scenario');
      expect(r.where).toBe('steps[4].iova');
      expect(r.message).toMatch(/^The link's scenario is not valid: step 4, field iova: "0xzz" is not a hex/);
      expect(r.issues?.length).toBeGreaterThan(0);
    }
  });

  it('a scenario from a newer scenario format: the parser says so', () => {
    const r = failed(decodeLink(packV0(JSON.stringify({ ...base, version: 7, steps: [] }))));
    expect(r.kind).toBe('invalid-scenario');
    expect(r.message).toMatch(/written by a newer iova-atlas/);
  });
});

describe('lenient parts: dropped or clamped with a warning, the scenario still opens', () => {
  const withState = (step: unknown, selection: unknown, view: unknown) =>
    decodeLink(packV0(JSON.stringify({ scenario: JSON.parse(smallText), step, selection, view })));

  it('step out of range is clamped; a step that is not a whole number gives the last step', () => {
    expect(opened(withState(-5, null, null)).step).toBe(-1);
    const r = opened(withState(1.5, null, null));
    expect(r.step).toBe(4);
    expect(r.warnings[0]).toEqual({ where: 'step', message: 'the step 1.5 is not a whole number; the last step is shown' });
  });

  it('an unknown or malformed selection is dropped', () => {
    const a = opened(withState(0, { kind: 'lasso', id: 'x' }, null));
    expect(a.selection).toEqual({ kind: 'none' });
    expect(a.warnings[0]!.message).toMatch(/selection was dropped: unknown kind "lasso"/);
    const b = opened(withState(0, { kind: 'range', space: 'container:c', first: '0x2000', last: '0x1000' }, null));
    expect(b.selection).toEqual({ kind: 'none' });
    expect(b.warnings[0]!.message).toMatch(/"first" after "last"/);
    // Decimal or hex, as a hand-made link might spell them.
    expect(opened(withState(0, { kind: 'address', space: 's', iova: '4096' }, null)).selection).toEqual({ kind: 'address', space: 's', iova: 4096n });
  });

  it('a bad view mode falls back to split; a bad map window is dropped; the rest of the view is kept', () => {
    const r = opened(withState(0, null, { mode: 'table', map: { start: '0x0', span: '0' }, walk: { space: 'a', iova: '0x10' } }));
    expect(r.view).toEqual({ mode: 'split', walk: { space: 'a', iova: 0x10n } });
    expect(r.warnings.map((w) => w.where)).toEqual(['view.mode', 'view.map']);
  });

  it('hostile keys do not reach any prototype', () => {
    const json = `{"scenario":${smallText},"view":{"mode":"map","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}},"selection":{"kind":"node","id":"x","__proto__":{"polluted":1}}}`;
    const r = opened(decodeLink(packV0(json)));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.view)).toBe(Object.prototype);
    expect(Object.keys(r.view)).toEqual(['mode']);
    expect(r.warnings.map((w) => w.where)).toEqual(['view.__proto__', 'view.constructor']);
    expect(r.selection).toEqual({ kind: 'node', id: 'x' });
  });

  it('whitespace inside the payload (a wrapped link) and other fragment parts are tolerated', () => {
    const wrapped = smallLink.slice(0, 30) + '\n  ' + smallLink.slice(30);
    expect(opened(decodeLink(wrapped)).text).toBe(opened(decodeLink(smallLink)).text);
    const r = opened(decodeLink(`https://example.org/iova-atlas/?src=x.json${smallLink}&tour=1`));
    expect(r.warnings).toEqual([{ where: 'tour', message: 'the fragment part "tour" is not part of a scenario link and was left alone' }]);
  });

  it('a parsed example scenario, its text and its link all open the same steps', () => {
    const s = parsed(JSON.parse(smallText));
    expect(opened(decodeLink(encodeLink({ scenario: s }))).scenario.steps).toEqual(s.steps);
  });
});

describe('bodies at the edges', () => {
  it('an empty body (valid deflate, correct checksum) is damaged, not incomplete', () => {
    const r = failed(decodeLink(packV1(new Uint8Array(0))));
    expect(r.kind).toBe('corrupted');
    expect(r.where).toBe('link body, byte 0');
  });

  it('strings UTF-8 cannot carry (lone surrogates) travel as JSON and come back intact', () => {
    const text = JSON.stringify({ ...base, title: 't\ud800', steps: [{ ...SETUP[0]!, note: 'half a pair: \udc00' }, { op: 'open', path: '/dev/\ud800', as: 'x\udbff' }] });
    const r = opened(decodeLink(encodeLink({ scenario: text })));
    expect(r.doc.title).toBe('t\ud800');
    expect(r.doc.steps[0]!.note).toBe('half a pair: \udc00');
    expect(r.doc.steps[1]).toEqual({ op: 'open', path: '/dev/\ud800', as: 'x\udbff' });
  });

  it('"__proto__" inside an expected output is data: kept as a key, no prototype set', () => {
    const text = `{"format":"iova-atlas.scenario","version":1,"platform":"x86-vtd-48","steps":[{"op":"open","path":"/dev/iommu","as":"i","expect":{"ok":true,"out":{"x":{"__proto__":{"polluted":1}}}}}]}`;
    const r = opened(decodeLink(encodeLink({ scenario: text })));
    const x = (r.doc.steps[0]!.expect as { out: { x: object } }).out.x;
    expect(Object.getPrototypeOf(x)).toBe(Object.prototype);
    expect(Object.keys(x)).toEqual(['__proto__']);
    expect(r.text).toContain('"__proto__": {');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
