// Fuzzing the link decoder: random strings, mutations of valid links (at the text, the bytes and
// the inflated body, repacked with a correct checksum so the body decoder and the validator are
// reached), hostile JSON inside valid deflate (both versions), and random valid scenarios.
// Property (lib.ts checkLink): never throws; opens a scenario that re-encodes to an equivalent
// link, or refuses with a message. The seed is fixed (FUZZ_SEED to change) and printed.

import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { inflateSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeLink } from '../../src/core/share';
import { fromBase64Url, toBase64Url } from '../../src/core/share/base64url';
import { DEFLATE_DICT_V1 } from '../../src/core/share/deflate-dict-v1';
import { jsonEqual } from '../../src/core/share/json';
import { bodyV1, mapUnmapScenario, packV0, packV1 } from '../core/share/fixtures';
import { GOLDEN_DOC } from '../core/share/golden-scenario';
import { assertFuzz, checkLink, expectNoPollution, hostileJson, runs, SEED, Tally } from './lib';

const tally = new Tally();

/** A tally for one suite, printed when it ends, counted in the total too. */
function suiteTally(name: string): { t: Tally; done: () => void } {
  const t = new Tally(tally);
  return { t, done: () => console.info(`[fuzz] ${name}: ${t.total} cases, ${t.toString()}`) };
}
console.info(`[fuzz] links: seed ${SEED} (FUZZ_SEED=<n> to replay another, FUZZ_RUNS_SCALE=<x> for more runs)`);
afterAll(() => {
  console.info(`[fuzz] links: ${tally.total} cases in ${tally.cpuSeconds().toFixed(1)} s of CPU: ${tally.toString()}`);
  expectNoPollution();
});

// ---------------------------------------------------------------- a pool of valid links

const EXAMPLES = 'public/scenarios';
const exampleTexts = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && f !== 'index.json').map((f) => readFileSync(`${EXAMPLES}/${f}`, 'utf8'));
const POOL: string[] = [
  ...exampleTexts.filter((_, i) => i % 4 === 0).map((text, i) => encodeLink({ scenario: text, step: i - 1, selection: { kind: 'node', id: `n${i}` }, view: { mode: 'graph' } })),
  encodeLink({ scenario: JSON.stringify(mapUnmapScenario(100)), step: 50, selection: { kind: 'range', space: 's', first: 0x1000n, last: 0x1fffn }, view: { mode: 'map', map: { start: 0n, span: 1n << 48n } } }),
  encodeLink({ scenario: JSON.stringify(GOLDEN_DOC), step: 3, view: { mode: 'split', walk: { space: 'x', iova: 0xfffffffffffff000n }, extra: { a: [1] } } }),
  packV0(JSON.stringify({ scenario: GOLDEN_DOC, step: 2, view: 'map' }), 'zlib'),
  packV0(exampleTexts[0]!, 'gzip'),
];

function split(link: string): { prefix: string; payload: string } {
  const at = link.startsWith('#json=') ? '#json='.length : link.indexOf('.') + 1;
  return { prefix: link.slice(0, at), payload: link.slice(at) };
}

/** The inflated body of a v1 link (or the JSON bytes of a v0 one). */
function bodyOf(link: string): Uint8Array {
  const { prefix, payload } = split(link);
  const b = fromBase64Url(payload);
  if (!b.ok) throw new Error('pool link is not base64url');
  return prefix.startsWith('#json=') ? inflateSync(b.bytes.subarray(b.bytes[0] === 0x1f ? 10 : 2)) : inflateSync(b.bytes.subarray(4), { dictionary: DEFLATE_DICT_V1 });
}

const POOL_BODIES = POOL.filter((l) => l.startsWith('#s=')).map(bodyOf);

// ---------------------------------------------------------------- mutations

const BAD_INSERTS = ['+', '/', '=', '==', '%', '%2', '%zz', '%41', ' ', '\n', '\t', 'é', '\u0000', '\ud800', '😀', '#', '&', '.', 's=1.', '&s=1.', '#json=', '\u200b'];

type Mutation =
  | { readonly kind: 'truncate'; readonly cls: 'head' | 'tail' | 'any'; readonly n: number }
  | { readonly kind: 'replace'; readonly at: number; readonly ch: string }
  | { readonly kind: 'insert-bad'; readonly at: number; readonly s: string }
  | { readonly kind: 'duplicate'; readonly from: number; readonly len: number; readonly to: number }
  | { readonly kind: 'delete'; readonly at: number; readonly len: number }
  | { readonly kind: 'flip-bits'; readonly at: number; readonly bit: number; readonly count: number }
  | { readonly kind: 'swap'; readonly a: number; readonly b: number };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const pos = fc.nat({ max: 1 << 20 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), cls: fc.constantFrom('head' as const, 'tail' as const, 'any' as const), n: pos }),
  fc.record({ kind: fc.constant('replace' as const), at: pos, ch: fc.constantFrom(...B64) }),
  fc.record({ kind: fc.constant('insert-bad' as const), at: pos, s: fc.constantFrom(...BAD_INSERTS) }),
  fc.record({ kind: fc.constant('duplicate' as const), from: pos, len: fc.integer({ min: 1, max: 64 }), to: pos }),
  fc.record({ kind: fc.constant('delete' as const), at: pos, len: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('flip-bits' as const), at: pos, bit: fc.nat({ max: 7 }), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('swap' as const), a: pos, b: pos }),
);

/** Applies a mutation to a string (links' payloads) or, for flip-bits, to the bytes under it. */
function mutateText(s: string, m: Mutation): string {
  const n = s.length;
  const at = (x: number) => (n === 0 ? 0 : x % (n + 1));
  switch (m.kind) {
    case 'truncate': {
      const keep = m.cls === 'head' ? m.n % 9 : m.cls === 'tail' ? Math.max(0, n - 1 - (m.n % 9)) : at(m.n);
      return s.slice(0, keep);
    }
    case 'replace': {
      const i = n === 0 ? 0 : m.at % n;
      return s.slice(0, i) + m.ch + s.slice(i + 1);
    }
    case 'insert-bad': return s.slice(0, at(m.at)) + m.s + s.slice(at(m.at));
    case 'duplicate': {
      const from = at(m.from);
      const chunk = s.slice(from, from + m.len);
      return s.slice(0, at(m.to)) + chunk + s.slice(at(m.to));
    }
    case 'delete': return s.slice(0, at(m.at)) + s.slice(at(m.at) + m.len);
    case 'swap': {
      if (n < 2) return s;
      const a = m.a % n;
      const b = m.b % n;
      const c = s.split('');
      [c[a], c[b]] = [c[b]!, c[a]!];
      return c.join('');
    }
    case 'flip-bits': {
      const b = fromBase64Url(s);
      if (!b.ok || b.bytes.length === 0) return s;
      const bytes = b.bytes.slice();
      for (let k = 0; k < m.count; k++) {
        const i = (m.at + k * 7919) % bytes.length;
        bytes[i] = bytes[i]! ^ (1 << ((m.bit + k) % 8));
      }
      return toBase64Url(bytes);
    }
  }
}

function mutateBytes(bytes: Uint8Array, m: Mutation): Uint8Array {
  const n = bytes.length;
  const at = (x: number) => (n === 0 ? 0 : x % (n + 1));
  switch (m.kind) {
    case 'truncate': return bytes.slice(0, m.cls === 'head' ? m.n % 9 : m.cls === 'tail' ? Math.max(0, n - 1 - (m.n % 9)) : at(m.n));
    case 'replace': {
      const out = bytes.slice();
      if (n > 0) out[m.at % n] = m.ch.charCodeAt(0) * 3;
      return out;
    }
    case 'insert-bad': {
      const i = at(m.at);
      return new Uint8Array([...bytes.subarray(0, i), ...m.s.split('').map((c) => c.charCodeAt(0) & 0xff), ...bytes.subarray(i)]);
    }
    case 'duplicate': {
      const from = at(m.from);
      const i = at(m.to);
      return new Uint8Array([...bytes.subarray(0, i), ...bytes.subarray(from, from + m.len), ...bytes.subarray(i)]);
    }
    case 'delete': return new Uint8Array([...bytes.subarray(0, at(m.at)), ...bytes.subarray(at(m.at) + m.len)]);
    case 'swap': {
      const out = bytes.slice();
      if (n >= 2) [out[m.a % n], out[m.b % n]] = [out[m.b % n]!, out[m.a % n]!];
      return out;
    }
    case 'flip-bits': {
      const out = bytes.slice();
      for (let k = 0; k < m.count && n > 0; k++) {
        const i = (m.at + k * 7919) % n;
        out[i] = out[i]! ^ (1 << ((m.bit + k) % 8));
      }
      return out;
    }
  }
}

// ---------------------------------------------------------------- suites

describe('link fuzzing', { timeout: 120_000 }, () => {
  it('random strings, with and without a link prefix', () => {
    const st = suiteTally('random strings');
    const prefix = fc.constantFrom('', '#', '#s=', '#s=1.', '#s=1', '#s=2.', '#s=99999.', '#json=', 's=1.', '#s=1.&s=1.', 'https://x.org/#s=1.', '#view=map&s=1.');
    const body = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'binary-ascii', maxLength: 400 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{0,600}$/),
    );
    assertFuzz(fc.property(prefix, body, (p, b) => {
      checkLink(p + b, st.t);
    }), runs(3000));
    st.done();
  });

  it('random base64url payloads of every length class (valid alphabet: the deflate and body decoders answer)', () => {
    const st = suiteTally('random base64url');
    const len = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 13, max: 200 }), fc.integer({ min: 201, max: 3000 }));
    assertFuzz(fc.property(fc.constantFrom('#s=1.', '#json='), len, fc.nat(), (p, n, seed) => {
      let x = seed || 1;
      let s = '';
      for (let i = 0; i < n; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        s += B64[x >>> 26]!;
      }
      checkLink(p + s, st.t);
    }), runs(1500));
    st.done();
  });

  it('mutations of valid links: truncation at every length class, bit flips, chunk duplication, bad characters', () => {
    const st = suiteTally('link mutations');
    assertFuzz(fc.property(fc.nat({ max: POOL.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, muts) => {
      const { prefix, payload } = split(POOL[i]!);
      let p = payload;
      for (const m of muts) p = mutateText(p, m);
      checkLink(prefix + p, st.t);
    }), runs(3000));
    st.done();
  });

  it('mutations of the inflated v1 body, repacked with a correct checksum', () => {
    const st = suiteTally('body mutations');
    assertFuzz(fc.property(fc.nat({ max: POOL_BODIES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, muts) => {
      let body = POOL_BODIES[i]!;
      for (const m of muts) body = mutateBytes(body, m);
      checkLink(packV1(body), st.t);
    }), runs(1500));
    st.done();
  });

  it('valid deflate of hostile JSON: deep nesting, huge arrays, 1e6-long strings, prototype keys, numbers past 2^53', () => {
    const st = suiteTally('hostile JSON');
    const doc = { ...GOLDEN_DOC, steps: GOLDEN_DOC.steps.slice(0, 6) };
    const docText = JSON.stringify(doc);
    // Places where a hostile value replaces what was there (by key in the document's text).
    const spots = ['"title":', '"platform":', '"devices":', '"steps":', '"version":', '"kernel":', '"group":', '"id":', '"iova":', '"size":', '"flags":', '"fd":', '"as":', '"expect":', '"errno":', '"note":', '"op":', '"type":'];
    const hostileDoc = fc.tuple(fc.constantFrom(...spots), fc.nat(), hostileJson).map(([spot, k, h]) => {
      // Replace the value after the k-th occurrence of the spot (a whole JSON value: string, number, object or list).
      const hits: number[] = [];
      for (let at = docText.indexOf(spot); at >= 0; at = docText.indexOf(spot, at + 1)) hits.push(at);
      const start = hits[k % hits.length]! + spot.length;
      const end = valueEnd(docText, start);
      return docText.slice(0, start) + h + docText.slice(end);
    });
    const state = fc.tuple(hostileJson, hostileJson, hostileJson).map(([a, b, c]) => `[${a},${b},${c}]`);
    assertFuzz(fc.property(fc.constantFrom('v0-doc', 'v0-envelope', 'v1', 'v1-state', 'v1-step'), hostileDoc, state, hostileJson, fc.constantFrom('raw' as const, 'zlib' as const, 'gzip' as const), (form, text, stateText, h, fmt) => {
      let link: string;
      switch (form) {
        case 'v0-doc': link = packV0(text, fmt); break;
        case 'v0-envelope': link = packV0(`{"scenario":${text},"step":${h},"selection":${h},"view":${h}}`, fmt); break;
        case 'v1': link = packV1(bodyV1(headerOf(text), stepsOf(text))); break;
        case 'v1-state': link = packV1(bodyV1(headerOf(docText), stepsOf(docText), stateText)); break;
        case 'v1-step': link = packV1(bodyV1(headerOf(docText), [...stepsOf(docText), h])); break;
      }
      checkLink(link, st.t);
    }), runs(1200));
    st.done();
    expectNoPollution();
  });

  it('random valid scenarios open as they were encoded (64-bit values, flags, handles, notes, expects)', () => {
    const st = suiteTally('valid scenarios');
    const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((x) => '0x' + x.toString(16));
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
    const map = fc.record({ iova: u64, size: u64, vaddr: u64, flags: fc.subarray(['READ', 'WRITE', 'VADDR']), note: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }) });
    const unmap = fc.record({ iova: u64, size: u64, errno: fc.option(fc.constantFrom('EINVAL', 'ENOENT', 'EFAULT'), { nil: undefined }) });
    const step = fc.oneof(map.map((m) => ({ kind: 'map' as const, ...m })), unmap.map((u) => ({ kind: 'unmap' as const, ...u })));
    assertFuzz(fc.property(name, fc.array(step, { maxLength: 60 }), fc.integer({ min: -3, max: 70 }), (c, steps, at) => {
      const doc = {
        format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', devices: [],
        steps: [
          { op: 'open', path: '/dev/vfio/vfio', as: c },
          ...steps.map((s) => s.kind === 'map'
            ? { op: 'VFIO_IOMMU_MAP_DMA', fd: c, iova: s.iova, size: s.size, vaddr: s.vaddr, flags: s.flags, ...(s.note !== undefined ? { note: s.note } : {}) }
            : { op: 'VFIO_IOMMU_UNMAP_DMA', fd: c, iova: s.iova, size: s.size, ...(s.errno ? { expect: { errno: s.errno } } : {}) }),
        ],
      };
      const r = checkLink(encodeLink({ scenario: JSON.stringify(doc), step: at }), st.t);
      if (!r.ok) throw new Error(`a valid scenario did not open: ${r.message}`);
      expect(jsonEqual(r.doc, doc)).toBe(true);
      expect(r.step).toBe(Math.max(-1, Math.min(at, doc.steps.length - 1)));
    }), runs(300));
    st.done();
  });

  it('fed at least 10,000 link cases in all', () => {
    if (runs(1) === 1) expect(tally.total).toBeGreaterThanOrEqual(10_000);
  });
});

/** Index just past the JSON value that starts at `start` (after optional spaces). */
function valueEnd(text: string, start: number): number {
  let i = start;
  let depth = 0;
  let inString = false;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (depth === 0) return i;
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && c === ',') return i;
  }
  return i;
}

/** The document text without its steps, as a v1 header (JSON text; may be hostile). */
function headerOf(text: string): string {
  const at = text.lastIndexOf('"steps":');
  return at < 0 ? text : text.slice(0, at).replace(/,\s*$/, '') + '}';
}

/** The steps of a document text as JSON texts, when they are still a list; else one hostile step. */
function stepsOf(text: string): string[] {
  try {
    const v = JSON.parse(text) as { steps?: unknown };
    return Array.isArray(v.steps) ? v.steps.map((s) => JSON.stringify(s) ?? 'null') : [JSON.stringify(v.steps) ?? 'null'];
  } catch {
    return ['{'];
  }
}
