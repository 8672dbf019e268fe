// The v1 link body (before deflate): the link state and the scenario, tokenized with the frozen
// v1 dictionary (dict-v1.ts). About half the deflated size of the same scenario as JSON.
//
//   str   JSON of the document without its steps (format, version, title, ..., devices)
//   uint  number of steps, then per step:
//     uint  0: the step as JSON (str) follows; i >= 1: op OPS_V1[i - 1], then
//     uint  presence bits over [...the op's fields, as, expect, note], then each present value:
//             u64 (ByteWriter.u64) | int varint | str: string-table reference | flags: bit mask over the
//             field's names | enum: index | ranges: count, then start and last varints |
//             json: JSON text; as: string-table reference; expect: JSON text; note: str
//   str   JSON of the link state: [step, selection, view] (link.ts), last so that the scenario
//         part can be encoded once and reused while the user steps and selects
//
// uint and u64 are LEB128 varints; str is a varint byte length and UTF-8. A string-table
// reference is 0 followed by a new str (which takes the next table slot) or slot + 1: handle
// names and paths repeat on nearly every step.
//
// A step is tokenized only when decoding its tokens gives back exactly the same JSON step (the
// checks in `tokenizable`); any other step, a macro or anything newer than the dictionary, goes
// as JSON, so every valid scenario encodes.

import { ByteReader, ByteWriter, BodyError } from './bytes';
import type { DictField, DictOp } from './dict-v1';
import { META_V1, OPS_V1 } from './dict-v1';
import { setOwn } from './json';

/** What a v1 body holds, still unvalidated on the way in (parsed JSON and token output). */
export interface BodyV1 {
  readonly state: unknown;
  readonly doc: Record<string, unknown>;
}

const OP_INDEX = new Map<string, number>(OPS_V1.map(([op], i) => [op, i]));
const HEX = /^0x(?:0|[1-9a-f][0-9a-f]{0,15})$/;
/** A UTF-16 surrogate without its pair: UTF-8 cannot carry it (JSON text can, escaped). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The string table never needs more slots than a body can hold strings; this bounds it anyway. */
const MAX_TABLE = 1 << 20;

/** The scenario part of a body (everything but the state). */
export function encodeDocV1(doc: Readonly<Record<string, unknown>>): Uint8Array {
  const w = new ByteWriter();
  const head: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k !== 'steps') setOwn(head, k, v);
  w.str(JSON.stringify(head));
  const steps = Array.isArray(doc.steps) ? (doc.steps as Record<string, unknown>[]) : [];
  w.uint(steps.length);
  const table = new Map<string, number>();
  for (const step of steps) {
    const i = OP_INDEX.get(String(step.op));
    const dict = i === undefined ? undefined : OPS_V1[i]!;
    if (i === undefined || !dict || !tokenizable(step, dict)) {
      w.uint(0);
      w.str(JSON.stringify(step));
      continue;
    }
    w.uint(i + 1);
    const slots = slotsOf(dict);
    let mask = 0;
    slots.forEach(([name], b) => {
      if (step[name] !== undefined) mask |= 1 << b;
    });
    w.uint(mask);
    for (const slot of slots) {
      const v = step[slot[0]];
      if (v !== undefined) writeValue(w, slot, v, table);
    }
  }
  return w.bytes();
}

/** A whole body: the scenario part (from encodeDocV1) and the state. */
export function encodeBodyV1(docPart: Uint8Array, state: unknown): Uint8Array {
  const w = new ByteWriter();
  w.str(JSON.stringify(state));
  const tail = w.bytes();
  const out = new Uint8Array(docPart.length + tail.length);
  out.set(docPart);
  out.set(tail, docPart.length);
  return out;
}

/** Throws BodyError (with the byte offset) on anything that is not a well-formed v1 body. */
export function decodeBodyV1(bytes: Uint8Array): BodyV1 {
  const r = new ByteReader(bytes);
  const head = jsonAt(r, 'the scenario header');
  if (head === null || typeof head !== 'object' || Array.isArray(head)) throw new BodyError('the scenario header is not a JSON object', 0);
  const n = r.uint();
  // Each step takes at least one byte: a count past the end is corruption, not a huge allocation.
  if (n > bytes.length - r.offset) throw new BodyError(`the body announces ${n} steps but has room for fewer`, r.offset);
  const table: string[] = [];
  const steps: unknown[] = [];
  for (let s = 0; s < n; s++) {
    const at = r.offset;
    const tag = r.uint();
    if (tag === 0) {
      steps.push(jsonAt(r, `step ${s}`));
      continue;
    }
    const dict = OPS_V1[tag - 1];
    if (!dict) throw new BodyError(`step ${s} names op #${tag - 1}, which the v1 dictionary does not have`, at);
    const slots = slotsOf(dict);
    const mask = r.uint();
    if (mask >= 2 ** slots.length) throw new BodyError(`step ${s} (${dict[0]}) marks fields it does not have`, at);
    const step: Record<string, unknown> = { op: dict[0] };
    slots.forEach((slot, b) => {
      if (mask & (1 << b)) setOwn(step, slot[0], readValue(r, slot, table));
    });
    steps.push(step);
  }
  const state = jsonAt(r, 'the link state');
  if (!r.done) throw new BodyError('the body has bytes after the link state', r.offset);
  const doc = head as Record<string, unknown>;
  setOwn(doc, 'steps', steps);
  return { state, doc };
}

/** The op's fields, then the meta fields: the slots of the presence mask. */
const SLOTS = new Map<DictOp, readonly DictField[]>(OPS_V1.map((d) => [d, [...d[1], ...META_V1]]));

function slotsOf(dict: DictOp): readonly DictField[] {
  return SLOTS.get(dict)!;
}

function tokenizable(step: Record<string, unknown>, dict: DictOp): boolean {
  const slots = slotsOf(dict);
  const names = new Set(['op', ...slots.map(([n]) => n)]);
  for (const k of Object.keys(step)) if (!names.has(k)) return false;
  for (const [name, kind, values] of slots) {
    const v = step[name];
    if (v === undefined) continue;
    if (name === 'expect' && (v === null || typeof v !== 'object' || Array.isArray(v))) return false;
    switch (kind) {
      case 'u64': if (typeof v !== 'string' || !HEX.test(v)) return false; break;
      case 'int': if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) return false; break;
      case 'str': case 'text': if (typeof v !== 'string' || LONE_SURROGATE.test(v)) return false; break;
      case 'enum': if (typeof v !== 'string' || !values?.includes(v)) return false; break;
      case 'flags': {
        if (!Array.isArray(v) || !values || values.length > 30) return false;
        // Bits keep no order and no repeats: only the canonical sorted, unique list round-trips.
        let last = -1;
        for (const f of v) {
          const at = typeof f === 'string' ? values.indexOf(f) : -1;
          if (at <= last) return false;
          last = at;
        }
        break;
      }
      case 'ranges':
        if (!Array.isArray(v)) return false;
        for (const x of v) {
          if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
          const keys = Object.keys(x);
          const o = x as Record<string, unknown>;
          if (keys.length !== 2 || keys[0] !== 'start' || keys[1] !== 'last') return false;
          if (typeof o.start !== 'string' || !HEX.test(o.start) || typeof o.last !== 'string' || !HEX.test(o.last)) return false;
        }
        break;
      case 'json': break;
    }
  }
  return true;
}

function writeValue(w: ByteWriter, [name, kind, values]: DictField, v: unknown, table: Map<string, number>): void {
  switch (kind) {
    case 'u64': return w.u64(BigInt(v as string));
    case 'int': return w.uint(v as number);
    case 'str': {
      const slot = table.get(v as string);
      if (slot !== undefined) return w.uint(slot + 1);
      w.uint(0);
      w.str(v as string);
      table.set(v as string, table.size);
      return;
    }
    case 'text': return w.str(v as string);
    case 'enum': return w.uint(values!.indexOf(v as string));
    case 'flags': {
      let mask = 0;
      for (const f of v as string[]) mask |= 1 << values!.indexOf(f);
      return w.uint(mask);
    }
    case 'ranges': {
      const list = v as { start: string; last: string }[];
      w.uint(list.length);
      for (const x of list) {
        w.u64(BigInt(x.start));
        w.u64(BigInt(x.last));
      }
      return;
    }
    case 'json': return w.str(JSON.stringify(v));
  }
}

function readValue(r: ByteReader, [name, kind, values]: DictField, table: string[]): unknown {
  const at = r.offset;
  switch (kind) {
    case 'u64': return '0x' + r.u64().toString(16);
    case 'int': return r.uint();
    case 'str': {
      const ref = r.uint();
      if (ref === 0) {
        const s = r.str();
        if (table.length >= MAX_TABLE) throw new BodyError('the string table is full', at);
        table.push(s);
        return s;
      }
      const s = table[ref - 1];
      if (s === undefined) throw new BodyError(`a string reference (#${ref - 1}) points past the ${table.length} strings seen so far`, at);
      return s;
    }
    case 'text': return r.str();
    case 'enum': {
      const i = r.uint();
      const v = values?.[i];
      if (v === undefined) throw new BodyError(`${name}: value #${i} is not in the v1 dictionary`, at);
      return v;
    }
    case 'flags': {
      const mask = r.uint();
      const list = values ?? [];
      if (mask >= 2 ** list.length) throw new BodyError(`${name}: flag bits beyond the ${list.length} flags the v1 dictionary names`, at);
      return list.filter((_, i) => mask & (1 << i));
    }
    case 'ranges': {
      const n = r.uint();
      // Two varints of at least one byte each per range.
      if (n > r.remaining / 2) throw new BodyError(`${name}: ${n} ranges do not fit in the rest of the body`, at);
      const out: { start: string; last: string }[] = [];
      for (let i = 0; i < n; i++) out.push({ start: '0x' + r.u64().toString(16), last: '0x' + r.u64().toString(16) });
      return out;
    }
    case 'json': return jsonAt(r, name);
  }
}

function jsonAt(r: ByteReader, what: string): unknown {
  const at = r.offset;
  const text = r.str();
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(`${what} is not valid JSON`, at);
  }
}
