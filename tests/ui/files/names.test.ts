import { describe, expect, it } from 'vitest';
import { exportFileName, fileBase, nameSource, scenarioFileName } from '../../../src/ui/files/names';

describe('file names', () => {
  it('are built from the title, lowercase words joined by dashes', () => {
    expect(scenarioFileName('IOAS_COPY: one destination area')).toBe('ioas-copy-one-destination-area.json');
    expect(fileBase('  Seed 002: PPC guest — on x86!  ')).toBe('seed-002-ppc-guest-on-x86');
    expect(fileBase('Ünïcödé títle')).toBe('unicode-title');
  });

  it('cut long titles at a word, and fall back to "scenario"', () => {
    const long = 'word '.repeat(40);
    const base = fileBase(long);
    expect(base.length).toBeLessThanOrEqual(60);
    expect(base.endsWith('-')).toBe(false);
    expect(fileBase('')).toBe('scenario');
    expect(fileBase('../../etc/passwd')).toBe('etc-passwd');
    expect(fileBase('x'.repeat(100))).toHaveLength(60);
  });

  it('name exports by step and view; before the first step is not "step-1"', () => {
    expect(exportFileName('Basics', 7, 'map', 'svg')).toBe('basics-step7-map.svg');
    expect(exportFileName('Basics', 0, 'graph', 'png')).toBe('basics-step0-graph.png');
    expect(exportFileName('Basics', -1, 'graph', 'svg')).toBe('basics-before-step0-graph.svg');
  });

  it('use the file or address a scenario came from when it has no title', () => {
    expect(nameSource(undefined, 'example basics.json')).toBe('basics');
    expect(nameSource('', 'file my scenario.json')).toBe('my scenario');
    expect(nameSource(undefined, 'https://host/a/b/unmap.json?x=1#frag')).toBe('unmap');
    expect(nameSource(undefined, 'edited file x.json')).toBe('x');
    expect(nameSource('Title', 'file x.json')).toBe('Title');
  });
});
