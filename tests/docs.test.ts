import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { opDocs } from '../scripts/op-docs';

describe('docs/ops.md', () => {
  it('lists exactly the ops the parser accepts (run `npm run docs:ops` after changing the op table)', () => {
    expect(readFileSync(new URL('../docs/ops.md', import.meta.url), 'utf8')).toBe(opDocs());
  });
});
