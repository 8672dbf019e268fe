import { describe, it, expect } from 'vitest';
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { mergeIssues, sortIssues } from '../../../src/ui/editor/issues';

describe('sortIssues', () => {
  it('pins parser issues to step and field, header field, or the document', () => {
    const r = parseScenarioValue({
      format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-99',
      devices: [{ id: 'a', group: 'x' }],
      steps: [{ op: 'open', path: '/dev/iommu', as: 'ifd' }, { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'ioas', bogus: 1 }, { op: 'nope' }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const s = sortIssues(r.issues);
    expect([...s.header.keys()].sort()).toEqual(['devices[0].group', 'platform']);
    expect([...s.steps.keys()]).toEqual([1, 2]);
    expect([...s.steps.get(1)!.byField.keys()]).toEqual(['bogus']);
    expect(s.steps.get(2)!.general[0]!.message).toMatch(/unknown op "nope"/);
    expect(s.document).toEqual([]);
  });

  it('puts a syntax error and a version problem on the document', () => {
    const s = sortIssues([{ where: '(json)', message: 'x' }, { where: 'version', field: 'version', message: 'y' }]);
    expect(s.document.length).toBe(2);
  });

  it('mergeIssues drops the same problem found twice', () => {
    const a = { where: 'steps[0].fd', message: 'm' };
    expect(mergeIssues([a], [{ ...a }, { where: 'steps[0].fd', message: 'other' }]).length).toBe(2);
  });
});
