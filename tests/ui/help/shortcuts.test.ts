// The help's shortcut table against the handlers: every key a handler tests for must be listed
// in the group naming that handler's file, so the help cannot silently go stale when a key is
// added. (Pointer gestures are listed without key codes.)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../../src/ui/help/shortcuts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Key names a handler compares e.key with: `case 'x':`, `e.key === 'x'`, and `moves` tables. */
function keysHandled(file: string): Set<string> {
  const src = readFileSync(join(ROOT, file), 'utf8');
  const out = new Set<string>();
  for (const m of src.matchAll(/case '((?:[^'\\]|\\.)+)':/g)) out.add(m[1]!);
  for (const m of src.matchAll(/\.key(?:\.toLowerCase\(\))? [!=]== '((?:[^'\\]|\\.)+)'/g)) out.add(m[1]!);
  for (const m of src.matchAll(/\{ (ArrowDown: [^}]*)\}/g)) for (const k of m[1]!.matchAll(/(\w+):/g)) out.add(k[1]!);
  return out;
}

describe('help: keyboard shortcuts', () => {
  for (const g of SHORTCUTS) {
    it(`${g.title}: every key ${g.source} handles is listed`, () => {
      const listed = new Set(g.items.flatMap((i) => i.codes));
      const handled = [...keysHandled(g.source)].filter((k) => k.length <= 12 && !/^[a-z]+-[a-z]/.test(k));
      // Non-key `case` labels (switches over kinds) are not keys: only names KeyboardEvent.key uses.
      const keys = handled.filter((k) => k.length === 1 || /^(Arrow\w+|Page\w+|Home|End|Enter|Escape|Tab)$/.test(k));
      const missing = keys.filter((k) => !listed.has(k) && !(k === 'Tab'));
      expect(missing, `keys handled in ${g.source} but not in the help`).toEqual([]);
    });
  }

  it('lists the page-wide stepping keys', () => {
    const stepping = SHORTCUTS.find((g) => g.id === 'stepping')!;
    expect(stepping.items.flatMap((i) => i.codes).sort()).toEqual([' ', 'ArrowLeft', 'ArrowRight', 'End', 'Home', 'PageDown', 'PageUp']);
  });
});
