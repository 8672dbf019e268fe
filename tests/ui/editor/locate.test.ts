import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioText } from '../../../src/core/scenario/parse';
import { issueRange, lineOf, locatePath, parseWhere, quoteLargeNumbers, stepOffsets } from '../../../src/ui/editor/locate';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../../public/scenarios/type1-unmap-bisect-v2.json'), 'utf8');

describe('parseWhere', () => {
  it('splits the parser paths', () => {
    expect(parseWhere('steps[4].allowed_iovas[0].start')).toEqual(['steps', 4, 'allowed_iovas', 0, 'start']);
    expect(parseWhere('devices[1].group')).toEqual(['devices', 1, 'group']);
    expect(parseWhere('(document)')).toEqual([]);
    expect(parseWhere('(json)')).toBeNull();
  });
});

describe('issue positions in the text', () => {
  it('puts an invalid field at its key and value (found through the real parser)', () => {
    const bad = EXAMPLE.replace('"size": "0x200000"', '"size": "0xZZ"');
    const r = parseScenarioText(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues[0]!;
    expect(issue.where).toMatch(/^steps\[\d+\]\.size$/);
    const range = issueRange(bad, issue, stepOffsets(bad));
    expect(bad.slice(range.start, range.end)).toBe('"size": "0xZZ"');
    expect(bad.split('\n')[lineOf(bad, range.start) - 1]).toContain('"size": "0xZZ"');
  });

  it('puts a missing field at its step (the deepest part of the path that exists)', () => {
    const doc = { format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', steps: [{ op: 'open', path: '/dev/iommu', as: 'ifd' }, { op: 'close' }] };
    const text = JSON.stringify(doc, null, 2);
    const r = parseScenarioText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ where: 'steps[1].fd' });
    const range = issueRange(text, r.issues[0]!, stepOffsets(text));
    expect(JSON.parse(text.slice(range.start, range.end))).toEqual({ op: 'close' });
    expect(locatePath(text, ['steps', 1, 'fd']).depth).toBe(2);
  });

  it('puts a syntax error on the line and column the parser names', () => {
    const bad = EXAMPLE.replace('"op": "inspect",', '"op": "inspect" ');
    const r = parseScenarioText(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]!.where).toBe('(json)');
    const at = issueRange(bad, r.issues[0]!).start;
    const line = lineOf(bad, at);
    // V8 reports the token after the missing comma: the next line's key.
    expect(r.issues[0]!.message).toContain(`line ${line}`);
    expect(bad.split('\n')[line - 1]).toContain('"target"');
  });

  it('finds keys with escapes and skips strings holding brackets', () => {
    const text = '{"a\\"b": {"x": "]}"}, "steps": [ {"op": "x", "note": "{[" }, {"op": "y"} ]}';
    expect(stepOffsets(text).map((o) => text.slice(o, o + 11))).toEqual(['{"op": "x",', '{"op": "y"}']);
    const r = locatePath(text, ['a"b', 'x']);
    expect(text.slice(r.start, r.end)).toBe('"x": "]}"');
  });
});

describe('quoteLargeNumbers', () => {
  it('quotes integers past 2^53 textually, leaving everything else byte for byte', () => {
    const text = '{ "iova": 18446744073709551615, "n": 12, "f": 1.5e300, "s": "99999999999999999999" }';
    expect(quoteLargeNumbers(text)).toBe('{ "iova": "18446744073709551615", "n": 12, "f": 1.5e300, "s": "99999999999999999999" }');
  });
});
