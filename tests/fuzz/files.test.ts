// Fuzzing scenario files: mutated example files (text edits, hostile values in place of real
// ones), random JSON and random text, fed to the file path of the share module (canonicalText:
// the file parser behind a depth guard). Property: never throws; a file that opens has a
// canonical text that opens to the same steps, is stable, and makes a link that opens to it;
// any other file is refused with issues that say where.

import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/core/scenario/parse';
import { canonicalText, decodeLink, encodeLink } from '../../src/core/share';
import { jsonEqual, toPlainJson } from '../../src/core/share/json';
import { assertFuzz, expectNoPollution, hostileJson, runs, SEED, Tally } from './lib';

const tally = new Tally();
console.info(`[fuzz] files: seed ${SEED} (FUZZ_SEED=<n> to replay another, FUZZ_RUNS_SCALE=<x> for more runs)`);
afterAll(() => {
  console.info(`[fuzz] files: ${tally.total} cases in ${tally.cpuSeconds().toFixed(1)} s of CPU: ${tally.toString()}`);
  expectNoPollution();
});

const EXAMPLES = 'public/scenarios';
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && f !== 'index.json').map((f) => readFileSync(`${EXAMPLES}/${f}`, 'utf8'));
// Short files keep the suite fast; the mutations reach every part of them.
const SOURCES = files.filter((t) => t.length < 6000);

function checkFile(text: string): void {
  const c = canonicalText(text);
  if (!c.ok) {
    expect(c.issues.length).toBeGreaterThan(0);
    for (const i of c.issues) {
      expect(typeof i.where).toBe('string');
      expect(i.message.length).toBeGreaterThan(0);
    }
    tally.add(c.issues[0]!.where === '(json)' ? 'refused: JSON syntax' : 'refused: invalid scenario');
    return;
  }
  const direct = parseScenarioText(text);
  const canon = parseScenarioText(c.text);
  if (!direct.ok || !canon.ok) throw new Error('canonical text accepted a file the parser refuses, or wrote one it refuses');
  // Equal as JSON can say it: a number literal past the double range (-1e400) reads as
  // -Infinity, which any JSON writer, the canonical one included, writes as null.
  expect(jsonEqual(toPlainJson(canon.scenario.steps), toPlainJson(direct.scenario.steps))).toBe(true);
  const again = canonicalText(c.text);
  expect(again.ok && again.text).toBe(c.text);
  const link = decodeLink(encodeLink({ scenario: c.text }));
  if (!link.ok) throw new Error(`its link does not open: ${link.message}`);
  expect(link.text).toBe(c.text);
  tally.add('opened');
}

const pos = fc.nat({ max: 1 << 20 });
const edit = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: pos }),
  fc.record({ kind: fc.constant('delete' as const), at: pos, len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: pos, len: fc.integer({ min: 1, max: 200 }), to: pos }),
  fc.record({ kind: fc.constant('replace' as const), at: pos, s: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: pos, s: fc.constantFrom(',', '}', ']', '{', '[', '"', '\\', ':', 'null', '"__proto__":{},', '"x":1,', '\u0000', '\ud800') }),
);

describe('scenario file fuzzing', { timeout: 120_000 }, () => {
  it('text edits of example files: truncation, deletion, duplication, stray characters', () => {
    assertFuzz(fc.property(fc.nat({ max: SOURCES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (i, edits) => {
      let t = SOURCES[i]!;
      for (const e of edits) {
        const at = e.at % (t.length + 1);
        switch (e.kind) {
          case 'truncate': t = t.slice(0, at); break;
          case 'delete': t = t.slice(0, at) + t.slice(at + e.len); break;
          case 'duplicate': {
            const to = e.to % (t.length + 1);
            t = t.slice(0, to) + t.slice(at, at + e.len) + t.slice(to);
            break;
          }
          case 'replace': t = t.slice(0, at) + e.s + t.slice(at + e.s.length); break;
          case 'insert': t = t.slice(0, at) + e.s + t.slice(at); break;
        }
      }
      checkFile(t);
    }), runs(1800));
  });

  it('hostile values in place of real ones (every string, number, list and object of a file)', () => {
    assertFuzz(fc.property(fc.nat({ max: SOURCES.length - 1 }), fc.nat(), hostileJson, (i, k, h) => {
      const t = SOURCES[i]!;
      // Value starts: after ": " or "[" or "," (a JSON value position in the pretty-printed file).
      const starts: number[] = [];
      const re = /(?::\s*|\[\s*|,\s*)(?=["\d[{tfn-])/g;
      for (let m = re.exec(t); m; m = re.exec(t)) starts.push(m.index + m[0].length);
      const start = starts[k % starts.length]!;
      checkFile(t.slice(0, start) + h + t.slice(valueEnd(t, start)));
    }), runs(1200));
    expectNoPollution();
  });

  it('random JSON documents and random text', () => {
    const doc = fc.record({
      format: fc.oneof(fc.constant('iova-atlas.scenario'), fc.jsonValue({ maxDepth: 1 })),
      version: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 1 })),
      platform: fc.oneof(fc.constantFrom('x86-vtd-48', 'selftest-mock', 'ppc-powernv'), fc.string()),
      devices: fc.oneof(fc.constant([]), fc.jsonValue({ maxDepth: 2 })),
      steps: fc.array(fc.oneof(fc.record({ op: fc.constantFrom('open', 'close', 'VFIO_IOMMU_MAP_DMA', 'inspect', 'qemu.vdpa_guest_boot'), fd: fc.string(), path: fc.string() }, { requiredKeys: ['op'] }), fc.jsonValue({ maxDepth: 2 })), { maxLength: 8 }),
    }, { requiredKeys: [] });
    assertFuzz(fc.property(fc.oneof(doc.map((d) => JSON.stringify(d)), fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
      checkFile(text);
    }), runs(600));
  });

  it('fed at least 3,000 file cases', () => {
    if (runs(1) === 1) expect(tally.total).toBeGreaterThanOrEqual(3000);
  });

  // The file parser refuses very deep values before any recursive code (valibot, error
  // messages, expect comparison) can overflow the stack on them.
  it('parseScenarioText refuses a value nested 10,000 deep in an int field without throwing', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const r = parseScenarioText(`{"format":"iova-atlas.scenario","version":1,"platform":"x86-vtd-48","steps":[{"op":"IOMMU_IOAS_IOVA_RANGES","fd":"x","ioas_id":"x","num_iovas":${deep}}]}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/nested more than 32 levels/);
  });
});

/** Index just past the JSON value that starts at `start`. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
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
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && (c === ',' || c === '\n')) return i;
  }
  return text.length;
}
