// Versioned format: every past version keeps opening. A migration takes a document of
// version N and returns one of version N + 1; they run in a chain up to CURRENT_VERSION.
// Version 1 is the first published version, so the chain is empty today; the first breaking
// change adds MIGRATIONS[1] (1 -> 2) and a test that a version-1 file still opens.

import { CURRENT_VERSION } from './schema';
import { preview } from './serialize';

type Doc = Record<string, unknown>;

export const MIGRATIONS: Readonly<Record<number, (doc: Doc) => Doc>> = {};

export function migrate(doc: Doc): { ok: true; doc: Doc } | { ok: false; message: string } {
  const version = doc.version;
  if (version === undefined) return { ok: false, message: `missing "version" (this build reads versions 1 to ${CURRENT_VERSION})` };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: `"version" must be a positive integer, got ${preview(version)}` };
  }
  if (version > CURRENT_VERSION) {
    return { ok: false, message: `this scenario is version ${version}, written by a newer iova-atlas; this build reads versions 1 to ${CURRENT_VERSION}` };
  }
  let cur = doc;
  for (let n = version; n < CURRENT_VERSION; n++) {
    const step = MIGRATIONS[n];
    if (!step) return { ok: false, message: `no migration from version ${n}` };
    cur = step(cur);
  }
  return { ok: true, doc: cur };
}
