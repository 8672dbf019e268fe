// Every built-in tour (public/tours/*.json) is checked against the simulator it narrates:
// the file validates, its scenarios exist and run (embedded ones meet their own `expect`s),
// every tour step names a step that exists, and everything a step points at (a node, a range,
// an address) exists in the snapshot of that step, built in Node by the view model the page
// uses. A selected range must be a range the map draws, and show in the step's map window,
// so that what the narration points at is on screen.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText, parseScenarioValue } from '../../src/core/scenario/parse';
import type { Scenario } from '../../src/core/scenario/types';
import { checkExpect } from '../../src/core/sim/expect';
import { runStep } from '../../src/core/sim/run';
import { Sim } from '../../src/core/sim/sim';
import { buildSnapshot } from '../../src/core/view';
import type { Snapshot } from '../../src/core/view/types';
import type { Tour, TourChapter, TourStep } from '../../src/ui/tours/format';
import { chapterStart, positionOf, tourLength, TOUR_NAME } from '../../src/ui/tours/format';
import { parseTour, parseTourText } from '../../src/ui/tours/parseTour';
import { tourQuery } from '../../src/ui/tours/useTourLocation';

const ROOT = join(import.meta.dirname, '..', '..');
const TOURS = join(ROOT, 'public', 'tours');
const SCENARIOS = join(ROOT, 'public', 'scenarios');

const index = JSON.parse(readFileSync(join(TOURS, 'index.json'), 'utf8')) as { tours: string[] };
const files = readdirSync(TOURS).filter((f) => f.endsWith('.json') && f !== 'index.json').map((f) => f.slice(0, -5));

function loadTour(name: string): Tour {
  const r = parseTourText(readFileSync(join(TOURS, `${name}.json`), 'utf8'));
  if (!r.ok) throw new Error(`${name}: ${r.issues.map((i) => `${i.where}: ${i.message}`).join('; ')}`);
  return r.tour;
}

function chapterScenario(c: TourChapter): Scenario {
  const r = c.scenario.kind === 'file'
    ? parseScenarioText(readFileSync(join(SCENARIOS, c.scenario.file), 'utf8'))
    : parseScenarioValue(c.scenario.doc);
  if (!r.ok) throw new Error(`scenario of "${c.title}": ${r.issues.map((i) => `${i.where}: ${i.message}`).join('; ')}`);
  return r.scenario;
}

/** Runs the scenario once; the snapshots of the steps asked for, and the unmet expects. */
function snapshotsAt(sc: Scenario, wanted: ReadonlySet<number>): { snaps: Map<number, Snapshot>; mismatches: string[] } {
  const sim = Sim.create(sc);
  const snaps = new Map<number, Snapshot>();
  const mismatches: string[] = [];
  if (wanted.has(-1)) snaps.set(-1, buildSnapshot(sim, -1));
  sc.steps.forEach((step, i) => {
    const r = runStep(sim, step, i);
    const m = checkExpect(step.expect, r);
    if (m) mismatches.push(`step ${m.step}: expected ${m.expected}, got ${m.got}`);
    if (wanted.has(i)) snaps.set(i, buildSnapshot(sim, i));
  });
  return { snaps, mismatches };
}

/** What is wrong with what a tour step points at, in the snapshot of its step (null: nothing). */
function pointsAtProblem(s: TourStep, snap: Snapshot): string | null {
  const sel = s.select;
  switch (sel.kind) {
    case 'none':
      return null;
    case 'node':
      return snap.nodes.some((n) => n.id === sel.id) ? null : `node ${sel.id} is not in the snapshot (nodes: ${snap.nodes.map((n) => n.id).join(' ')})`;
    case 'range': {
      const sp = snap.spaces.find((x) => x.id === sel.space);
      if (!sp) return `space ${sel.space} is not in the snapshot (spaces: ${snap.spaces.map((x) => x.id).join(' ')})`;
      const drawn = sp.layers.some((l) => Array.from(l.first).some((f, i) => f === sel.first && l.last[i] === sel.last));
      if (!drawn) return `[0x${sel.first.toString(16)}, 0x${sel.last.toString(16)}] is not a range of any layer of ${sel.space}`;
      if (s.window && (sel.last < s.window.first || sel.first > s.window.last)) return 'the selected range is outside the map window';
      if (s.view === 'graph') return 'a range is selected but the map is not shown (view "graph")';
      return null;
    }
    case 'address': {
      const sp = snap.spaces.find((x) => x.id === sel.space);
      if (!sp) return `space ${sel.space} is not in the snapshot`;
      if (s.window && (sel.iova < s.window.first || sel.iova > s.window.last)) return 'the address is outside the map window';
      return null;
    }
    default: {
      const never: never = sel;
      return never;
    }
  }
}

/** Sentences of a narration: a full stop, ? or ! and a space end one (tours avoid "e.g."). */
function sentences(text: string): number {
  return text.split(/(?<=[.!?])\s+(?=\S)/).filter((x) => x.trim()).length;
}

describe('the tour index', () => {
  it('lists every tour file once, and nothing else', () => {
    expect([...index.tours].sort()).toEqual([...files].sort());
    expect(new Set(index.tours).size).toBe(index.tours.length);
    for (const n of index.tours) expect(n).toMatch(TOUR_NAME);
  });
});

describe.each(files)('tour %s', (name) => {
  const tour = loadTour(name);

  it('validates, with narration of 2 to 5 sentences per step and a file: function source', () => {
    expect(tourLength(tour)).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const c of tour.chapters) {
      for (const s of c.steps) {
        const n = sentences(s.text);
        if (n < 2 || n > 5) problems.push(`"${s.text.slice(0, 60)}..." has ${n} sentences`);
        if (s.source && !/^[\w./-]+\.[ch]: \w+/.test(s.source)) problems.push(`source "${s.source}" does not name a file and a function`);
      }
    }
    expect(problems).toEqual([]);
  });

  describe.each(tour.chapters.map((c, i) => [i + 1, c] as const))('chapter %i', (_n, chapter) => {
    it('names a scenario that exists and runs, at steps that exist, in order', () => {
      if (chapter.scenario.kind === 'file') expect(existsSync(join(SCENARIOS, chapter.scenario.file)), chapter.scenario.file).toBe(true);
      const sc = chapterScenario(chapter);
      let prev = -2;
      for (const s of chapter.steps) {
        expect(s.at).toBeGreaterThanOrEqual(-1);
        expect(s.at, `step ${s.at} of a ${sc.steps.length}-step scenario`).toBeLessThan(sc.steps.length);
        expect(s.at, 'tour steps move forward through the scenario').toBeGreaterThan(prev);
        prev = s.at;
      }
      const { mismatches } = snapshotsAt(sc, new Set());
      if (chapter.scenario.kind === 'embedded') expect(mismatches).toEqual([]);
    });

    it('points at things that exist in the snapshot of each step', () => {
      const sc = chapterScenario(chapter);
      const { snaps } = snapshotsAt(sc, new Set(chapter.steps.map((s) => s.at)));
      const problems = chapter.steps.map((s) => {
        const p = pointsAtProblem(s, snaps.get(s.at)!);
        return p ? `at ${s.at}: ${p}` : null;
      }).filter((p) => p !== null);
      expect(problems).toEqual([]);
    });
  });
});

describe('tour positions and links', () => {
  const t = loadTour(files[0]!);
  it('maps whole-tour indices to chapters and back, clamped', () => {
    const n = tourLength(t);
    expect(positionOf(t, -5).index).toBe(0);
    expect(positionOf(t, n + 10).index).toBe(n - 1);
    for (let c = 0; c < t.chapters.length; c++) expect(positionOf(t, chapterStart(t, c))).toEqual({ chapter: c, step: 0, index: chapterStart(t, c) });
  });

  it('reads ?tour=&at= counting steps from 1', () => {
    expect(tourQuery('?tour=seed004&at=3')).toEqual({ name: 'seed004', index: 2 });
    expect(tourQuery('?tour=seed004')).toEqual({ name: 'seed004', index: 0 });
    expect(tourQuery('?tour=seed004&at=zero')).toEqual({ name: 'seed004', index: 0 });
    expect(tourQuery('?src=x.json')).toBeNull();
  });
});

describe('the tour format refuses', () => {
  const ok = {
    format: 'iova-atlas.tour', version: 1, title: 'T', summary: 'S', seeds: [],
    chapters: [{ title: 'C', scenario: 'type1-unmap-all.json', steps: [{ at: 0, text: 'One. Two.', select: { kind: 'none' } }] }],
  };
  const bad = (patch: (d: typeof ok & Record<string, unknown>) => void): string[] => {
    const d = structuredClone(ok) as typeof ok & Record<string, unknown>;
    patch(d);
    const r = parseTour(d);
    return r.ok ? [] : r.issues.map((i) => i.where);
  };

  it('accepts the minimal tour (view defaults to split)', () => {
    const r = parseTour(ok);
    expect(r.ok && r.tour.chapters[0]!.steps[0]!.view).toBe('split');
  });
  it('unknown keys, anywhere', () => {
    expect(bad((d) => { d.extra = 1; })).not.toEqual([]);
    expect(bad((d) => { (d.chapters[0]!.steps[0] as Record<string, unknown>).selct = {}; })).toEqual(['chapters[0].steps[0].selct']);
  });
  it('a scenario path that is not a plain file name', () => {
    expect(bad((d) => { d.chapters[0]!.scenario = '../secret.json'; })).toEqual(['chapters[0].scenario']);
    expect(bad((d) => { d.chapters[0]!.scenario = 'https://evil.example/x.json'; })).toEqual(['chapters[0].scenario']);
  });
  it('a wrong format or version, a step before -1, a window upside down, a bad 64-bit value', () => {
    expect(bad((d) => { (d as Record<string, unknown>).version = 2; })).toEqual(['version']);
    expect(bad((d) => { d.chapters[0]!.steps[0]!.at = -2; })).toEqual(['chapters[0].steps[0].at']);
    expect(bad((d) => { (d.chapters[0]!.steps[0] as Record<string, unknown>).window = { first: '0x10', last: '0x0' }; })).toEqual(['chapters[0].steps[0].window']);
    expect(bad((d) => { (d.chapters[0]!.steps[0] as Record<string, unknown>).select = { kind: 'range', space: 'container:1', first: 1.5, last: '0x1' }; })).not.toEqual([]);
  });
});
