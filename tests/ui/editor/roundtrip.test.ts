// Form edits, made with the editor's own model functions, produce text the real parser accepts
// and the real runner runs: the same path the explorer takes when the user applies.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioText } from '../../../src/core/scenario/parse';
import { runScenario } from '../../../src/core/sim/run';
import type { Json, JsonObject } from '../../../src/ui/editor/doc';
import { readDoc, setKey, stepKeyOrder, writeDoc } from '../../../src/ui/editor/doc';
import { u64Value } from '../../../src/ui/editor/fieldValues';
import { handlesBefore } from '../../../src/ui/editor/handles';
import { insertStep, keysFor, moveStep, newStep } from '../../../src/ui/editor/stepOps';
import type { Rows } from '../../../src/ui/editor/stepOps';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../../../public/scenarios/type1-unmap-bisect-v2.json'), 'utf8');

function rowsOf(text: string): { root: JsonObject; rows: Rows } {
  const d = readDoc(text);
  if (!d.ok) throw new Error(d.message);
  return { root: d.root, rows: { steps: d.steps, keys: keysFor(d.steps.length) } };
}

function textOf(root: JsonObject, rows: Rows): string {
  return writeDoc({ ...root, steps: rows.steps }, true);
}

function fill(step: JsonObject, fields: Record<string, Json>): JsonObject {
  let s = step;
  for (const [k, v] of Object.entries(fields)) s = setKey(s, k, v, stepKeyOrder(s.op));
  return s;
}

describe('forms -> text -> parser -> runner', () => {
  it('a step added after the current one runs with the kernel result (type1 v2 refuses to split: EINVAL)', () => {
    const { root, rows } = rowsOf(EXAMPLE);
    const cursor = 5;
    const step = fill(newStep('VFIO_IOMMU_UNMAP_DMA', rows.steps), {
      fd: 'container', iova: u64Value('0x180000')!, size: u64Value('0x1000')!, expect: { errno: 'EINVAL' },
    });
    const text = textOf(root, insertStep(rows, cursor + 1, step));
    // New 64-bit values stay hex strings in the JSON.
    expect(text).toContain('"iova": "0x180000"');
    const parsed = parseScenarioText(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { results } = runScenario(parsed.scenario);
    expect(results[6]).toMatchObject({ op: 'VFIO_IOMMU_UNMAP_DMA', ok: false, errno: 'EINVAL', source: expect.stringContaining('vfio_dma_do_unmap') });
    // Nothing was unmapped by the refused request: the full unmap still returns both mappings' bytes.
    expect(results[10]).toMatchObject({ ok: true, out: { size: 0x201000n } });
  });

  it('the handle choices of a step are the `as` names of the steps before it', () => {
    const { rows } = rowsOf(EXAMPLE);
    expect(handlesBefore(rows.steps, 1).map((h) => h.name)).toEqual(['container']);
    expect(handlesBefore(rows.steps, 5).map((h) => `${h.name}:${h.what}`)).toEqual(['container:open /dev/vfio/vfio', 'group26:open /dev/vfio/26']);
  });

  it('moving a step before the one creating its handle is refused by the parser, naming step and field', () => {
    const { root, rows } = rowsOf(EXAMPLE);
    const text = textOf(root, moveStep(rows, 2, 0));
    const r = parseScenarioText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.where)).toEqual(['steps[0].fd', 'steps[0].container']);
  });

  it('reordering two independent steps keeps the scenario valid and changes the run accordingly', () => {
    const { root, rows } = rowsOf(EXAMPLE);
    // Steps 4 and 5 map disjoint ranges: swapped, both still succeed.
    const text = textOf(root, moveStep(rows, 5, 4));
    const r = parseScenarioText(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { results } = runScenario(r.scenario);
    expect(results.slice(4, 6).map((x) => [x.op, x.ok])).toEqual([['VFIO_IOMMU_MAP_DMA', true], ['VFIO_IOMMU_MAP_DMA', true]]);
    expect(r.scenario.steps[4]!.iova).toBe(0x400000n);
  });

  it('an invalid 64-bit entry is kept in the text and the parser names step and field', () => {
    const { root, rows } = rowsOf(EXAMPLE);
    const steps = rows.steps.slice();
    steps[4] = setKey(steps[4] as JsonObject, 'size', u64Value('0x1_0000_0000_0000_0000')!, stepKeyOrder('VFIO_IOMMU_MAP_DMA'));
    const text = textOf(root, { steps, keys: rows.keys });
    expect(text).toContain('"size": "0x1_0000_0000_0000_0000"');
    const r = parseScenarioText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([{ where: 'steps[4].size', step: 4, field: 'size', message: expect.stringMatching(/does not fit in 64 bits/) }]);
  });
});
