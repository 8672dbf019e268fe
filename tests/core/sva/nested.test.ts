// The nested (two-dimensional) walk shape the views draw: every stage-1 table fetch is a GPA that
// stage 2 translates first.
import { describe, expect, it } from 'vitest';
import { nestedWalkShape, s1LevelsOf } from '../../../src/core/sva/nested';

describe('nested walk shape', () => {
  it('4 + 4 levels: 24 reads; 5 + 5: 35; stage-2 walks precede each stage-1 read and the output', () => {
    const w = nestedWalkShape(s1LevelsOf(48), 4);
    expect(w).toHaveLength(24);
    expect(w.slice(0, 5).map((a) => a.stage)).toEqual(['stage-2', 'stage-2', 'stage-2', 'stage-2', 'stage-1']);
    expect(w.filter((a) => a.stage === 'stage-1').map((a) => a.s1Level)).toEqual([4, 3, 2, 1]);
    expect(w.slice(-4).every((a) => a.stage === 'stage-2' && a.s1Level === 0)).toBe(true);
    expect(nestedWalkShape(s1LevelsOf(57), 5)).toHaveLength(35);
  });
});
