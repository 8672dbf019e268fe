// How each kind of divergence looks and reads in compare mode: a colour (a CSS class), a shape
// (VerdictIcon) and words, so a divergence is never told by colour alone.

import type { CompareRow, VerdictKind } from '../../core/compare';

export interface VerdictLook {
  /** Suffix of the `cmp-v-*` class (colour) and the icon's shape. */
  readonly tone: 'fail' | 'errno' | 'out' | 'state' | 'none' | 'same';
  /** Words for the verdict column. */
  readonly words: string;
}

export function verdictLook(row: CompareRow, labels: { a: string; b: string }): VerdictLook {
  const v = row.verdict;
  switch (v.kind) {
    case 'one-fails': return { tone: 'fail', words: `fails on ${v.failed === 'a' ? labels.a : labels.b}` };
    case 'errno': return { tone: 'errno', words: 'different errno' };
    case 'out': return { tone: 'out', words: `out differs: ${v.fields.join(', ')}` };
    case 'state': return { tone: 'state', words: 'DMA state diverges' };
    case 'not-run': return { tone: 'none', words: v.side === 'both' ? 'not run' : `not run on ${v.side === 'a' ? labels.a : labels.b}` };
    case 'same':
      if (row.state === 'converged') return { tone: 'same', words: 'state converges' };
      return { tone: 'same', words: '' };
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** Short names of the kinds, for the summary counts. */
export const KIND_WORDS: Readonly<Record<Exclude<VerdictKind, 'same'>, string>> = {
  'one-fails': 'one side fails',
  errno: 'different errno',
  out: 'different output',
  state: 'different DMA state',
  'not-run': 'not run',
};
