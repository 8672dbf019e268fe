// Link versions. Every version ever written keeps opening: each has a decoder that turns its
// payload into that version's record, and a chain of migrations brings the record to the current
// in-memory form, which link.ts validates (the scenario with the file parser, the rest leniently).
//
//   version 0  #json=<base64url of deflated JSON>  (hand-made links; raw deflate, zlib or gzip)
//              The JSON is a scenario document, or { "scenario", "step"?, "selection"?, "view"? }
//              where the view may be a bare mode name ("map").
//   version 1  #s=1.<base64url of: CRC-32 of the body (4 bytes, big-endian), raw deflate of the
//              body with the v1 preset dictionary>; the body is body-v1.ts.
//
// A new version adds a decoder, a migration from the previous record, and a golden link in the
// tests (tests/core/share/golden.test.ts); it never changes an older decoder.

import { strFromU8 } from 'fflate';
import { fromBase64Url } from './base64url';
import { BodyError, ByteReader } from './bytes';
import { crc32 } from './crc32';
import { decodeBodyV1 } from './body-v1';
import { DEFLATE_DICT_V1 } from './deflate-dict-v1';
import type { LinkFailure } from './errors';
import { linkFailure } from './errors';
import { boundedInflate, formatBytes } from './inflate';
import { parseJsonGuarded } from './json';

export const LINK_VERSION = 1;
/** Longest fragment read (Chromium's URL limit is 2 MB; no browser keeps longer ones). */
export const MAX_LINK_CHARS = 2_000_000;
/** Cap on a payload's inflated size, checked while inflating (a deflate bomb costs this much at most). */
export const MAX_LINK_BODY_BYTES = 1024 * 1024;

/** The current in-memory form of a link, before validation. */
export interface LinkRecord {
  readonly doc: unknown;
  readonly step: unknown;
  readonly selection: unknown;
  readonly view: unknown;
}

/** Version 0's record: like version 1, but the view may be a bare mode name. */
interface RecordV0 {
  readonly doc: unknown;
  readonly step: unknown;
  readonly selection: unknown;
  readonly view: unknown;
}

type Decoded<R> = { readonly ok: true; readonly record: R } | LinkFailure;

/** Migrations, by the version they start from: MIGRATIONS[n] takes a version n record to n + 1. */
const MIGRATIONS: Readonly<Record<number, (r: RecordV0 | LinkRecord) => LinkRecord>> = {
  0: (r) => ({ ...r, view: typeof r.view === 'string' ? { mode: r.view } : r.view }),
};

export function decodeVersioned(version: number, payload: string): Decoded<LinkRecord> {
  let d: Decoded<RecordV0 | LinkRecord>;
  switch (version) {
    case 0: d = decodeV0(payload); break;
    case 1: d = decodeV1(payload); break;
    default:
      return version > LINK_VERSION
        ? linkFailure('newer-version', `The link was made by a newer iova-atlas (link version ${version}; this build reads versions 0 to ${LINK_VERSION}). Open it with a newer build, or ask for the scenario file.`)
        : linkFailure('unknown-version', `The link says it is version ${version}, which no iova-atlas wrote (this build reads versions 0 to ${LINK_VERSION}).`);
  }
  if (!d.ok) return d;
  let record = d.record;
  for (let n = version; n < LINK_VERSION; n++) record = MIGRATIONS[n]!(record);
  return { ok: true, record: record as LinkRecord };
}

/** base64url text to bytes, with the position of a bad character. */
function bytesOf(payload: string): { ok: true; bytes: Uint8Array } | LinkFailure {
  if (payload.length === 0) return linkFailure('truncated', 'The link has no data after its version marker (was it cut when copied?).');
  const b = fromBase64Url(payload);
  if (b.ok) return b;
  if (b.reason === 'length') {
    return linkFailure('truncated', `The link is incomplete: its data has ${b.message} (was it cut when copied?).`, `link data, character ${b.index + 1}`);
  }
  return linkFailure('bad-characters', `The link is damaged: ${b.message} of its data.`, `link data, character ${b.index + 1}`);
}

function inflated(bytes: Uint8Array, format: 'raw' | 'auto', dictionary?: Uint8Array): { ok: true; bytes: Uint8Array } | LinkFailure {
  const r = boundedInflate(bytes, { maxBytes: MAX_LINK_BODY_BYTES, format, ...(dictionary ? { dictionary } : {}) });
  if (r.ok) return r;
  switch (r.kind) {
    case 'truncated': return linkFailure('truncated', `The link is incomplete: ${r.message}.`);
    case 'corrupted': return linkFailure('corrupted', `The link is damaged: ${r.message}.`);
    case 'too-large': return linkFailure('too-large', `The link is too large: ${r.message} (${formatBytes(MAX_LINK_BODY_BYTES)}); share the scenario as a file instead.`);
  }
}

function decodeV0(payload: string): Decoded<RecordV0> {
  const b = bytesOf(payload);
  if (!b.ok) return b;
  const inf = inflated(b.bytes, 'auto');
  if (!inf.ok) return inf;
  const json = parseJsonGuarded(strFromU8(inf.bytes), 'its content');
  if (!json.ok) return linkFailure('corrupted', `The link is damaged: ${json.message}.`, 'link body');
  const v = json.value;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !('format' in v) && 'scenario' in v) {
    const e = v as Record<string, unknown>;
    return { ok: true, record: { doc: e.scenario, step: e.step, selection: e.selection, view: e.view } };
  }
  return { ok: true, record: { doc: v, step: undefined, selection: undefined, view: undefined } };
}

function decodeV1(payload: string): Decoded<LinkRecord> {
  const b = bytesOf(payload);
  if (!b.ok) return b;
  if (b.bytes.length < 5) return linkFailure('truncated', `The link is incomplete: its payload is only ${b.bytes.length} bytes (was it cut when copied?).`);
  const expected = new ByteReader(b.bytes.subarray(0, 4));
  const want = ((expected.byte() << 24) | (expected.byte() << 16) | (expected.byte() << 8) | expected.byte()) >>> 0;
  const inf = inflated(b.bytes.subarray(4), 'raw', DEFLATE_DICT_V1);
  if (!inf.ok) return inf;
  if (crc32(inf.bytes) !== want) {
    return linkFailure('corrupted', 'The link is damaged: its checksum does not match its content (a character was changed, added or removed).');
  }
  let body;
  try {
    body = decodeBodyV1(inf.bytes);
  } catch (e) {
    if (e instanceof BodyError) return linkFailure('corrupted', `The link is damaged: ${e.message}.`, `link body, byte ${e.offset}`);
    throw e;
  }
  const state = Array.isArray(body.state) ? (body.state as unknown[]) : [];
  return { ok: true, record: { doc: body.doc, step: state[0], selection: state[1], view: state[2] } };
}
