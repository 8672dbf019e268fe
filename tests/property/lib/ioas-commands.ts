// fast-check commands for the iommufd IOAS suite: each builds one scenario step, asks the model
// what the kernel returns, runs the step on the real core and checks result and invariants.

import fc from 'fast-check';
import type { IovaSel, RangeSel } from './arb';
import { addrNear, iovaSelArb, lengthArb, rangeSelArb, resolveIova, resolveRange, userVaArb } from './arb';
import type { Expected, RawStep } from './harness';
import { check, eq, expectResult, hx, js, Real } from './harness';
import type { DevName, IoasModel, IoasName, IoasRef, MIoas, PlatformModel } from './ioas-model';
import { alignmentOf, predictAllow, predictAttach, predictCopy, predictDetach, predictMap, predictUnmap, usableRanges } from './ioas-model';
import type { Iv } from './naive';
import { intersects, within, wrap } from './naive';

const IOAS: readonly IoasName[] = ['A', 'B'];
const DEVS: readonly DevName[] = ['dev0', 'dev1'];
const HANDLE: Record<IoasRef, string> = { A: 'A', B: 'B', bad: 'd0' };
const CDEV: Record<DevName, string> = { dev0: 'c0', dev1: 'c1' };
const DEVH: Record<DevName, string> = { dev0: 'd0', dev1: 'd1' };

export const DEVICES = [{ id: 'dev0', group: 1 }, { id: 'dev1', group: 2 }];

export const SETUP: RawStep[] = [
  { op: 'open', path: '/dev/iommu', as: 'ifd' },
  { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'A' },
  { op: 'IOMMU_IOAS_ALLOC', fd: 'ifd', as: 'B' },
  { op: 'open', path: '/dev/vfio/devices/dev0', as: 'c0' },
  { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'c0', iommufd: 'ifd', as: 'd0' },
  { op: 'open', path: '/dev/vfio/devices/dev1', as: 'c1' },
  { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'c1', iommufd: 'ifd', as: 'd1' },
];

/** The model of the state SETUP leaves: two empty IOASes, two bound, unattached devices. */
export function initialModel(p: PlatformModel, r: Real): IoasModel {
  const objects = r.inspect('ifd').objects as { id: number }[];
  const ioas = (h: string): MIoas => ({ id: r.inspect(h).id as number, areas: [], reserved: [], allowed: [], hwpts: [] });
  return {
    p,
    ioas: { A: ioas('A'), B: ioas('B') },
    hwpts: new Map(),
    devs: { dev0: { objId: r.inspect('d0').id as number, hwpt: null }, dev1: { objId: r.inspect('d1').id as number, hwpt: null } },
    ids: new Set(objects.map((o) => o.id)),
  };
}

// ---------------------------------------------------------------- checks

type RealArea = { iova: bigint; length: bigint; user_va: bigint; prot: string[] };
type RealRange = { start: bigint; last: bigint };

const areaIv = (a: RealArea): Iv => ({ first: a.iova, last: a.iova + a.length - 1n });

function snapshot(r: Real, blankAreasOf?: IoasName): string {
  const parts: Record<string, unknown> = {};
  for (const h of ['ifd', 'A', 'B', 'd0', 'd1']) {
    const o = r.inspect(h);
    parts[h] = h === blankAreasOf ? { ...o, areas: '(changed by a partial unmap)' } : o;
  }
  return js(parts);
}

/** After every command: the core's state equals the model's, and its invariants hold. */
export function checkInvariants(m: IoasModel, r: Real): void {
  for (const name of IOAS) {
    const o = r.inspect(name);
    const areas = o.areas as RealArea[];
    const model = m.ioas[name];
    eq(areas.map((a) => ({ iova: a.iova, length: a.length, user_va: a.user_va, prot: a.prot })),
      model.areas.map((a) => ({ iova: a.first, length: a.last - a.first + 1n, user_va: a.userVa, prot: [...(a.read ? ['READ'] : []), ...(a.write ? ['WRITE'] : [])] })),
      `IOAS ${name} areas`);
    for (let i = 1; i < areas.length; i++) {
      check(areaIv(areas[i - 1]!).last < areas[i]!.iova, `IOAS ${name}: areas overlap or are unsorted: ${js(areas.slice(i - 1, i + 1))}`);
    }
    const reserved = o.reserved as { start: bigint; last: bigint; owner: string }[];
    for (const a of areas) {
      const hit = reserved.find((x) => intersects(areaIv(a), x.start, x.last));
      check(!hit, `IOAS ${name}: area ${js(a)} lies in the reserved range ${js(hit)}`);
    }
    const key = (x: { first: bigint; last: bigint; owner: string }) => `${hx(x.first)}-${hx(x.last)}-${x.owner}`;
    eq(reserved.map((x) => key({ first: x.start, last: x.last, owner: x.owner })).sort(), model.reserved.map(key).sort(), `IOAS ${name} reserved ranges`);
    eq(o.iova_ranges, usableRanges(m, name).map((x) => ({ start: x.first, last: x.last })), `IOAS ${name} iova_ranges`);
    eq(o.iova_alignment, alignmentOf(m, name), `IOAS ${name} iova_alignment`);
    eq(o.allowed, model.allowed.map((x) => ({ start: x.first, last: x.last })), `IOAS ${name} allowed ranges`);
    eq(o.hwpts, model.hwpts, `IOAS ${name} hwpts`);
  }
  for (const d of DEVS) eq(r.inspect(DEVH[d]).hwpt, m.devs[d].hwpt, `${d} hwpt`);
  eq((r.inspect('ifd').objects as { id: number }[]).map((o) => o.id), [...m.ids].sort((a, b) => a - b), 'iommufd object ids');
}

/** Every area a successful step created lies inside the usable ranges in force before it. */
function checkNewAreas(before: Record<IoasName, { areas: RealArea[]; ranges: RealRange[] }>, r: Real): void {
  for (const name of IOAS) {
    const old = new Set(before[name].areas.map((a) => js(a)));
    for (const a of r.inspect(name).areas as RealArea[]) {
      if (old.has(js(a))) continue;
      const iv = areaIv(a);
      check(before[name].ranges.some((x) => within(iv, { first: x.start, last: x.last })),
        `IOAS ${name}: new area ${js(a)} is not inside the IOVA ranges ${js(before[name].ranges)} in force when it was created`);
    }
  }
}

// ---------------------------------------------------------------- commands

abstract class IoasCmd implements fc.Command<IoasModel, Real> {
  private shown: string | null = null;

  /** The step, and the IOAS a partial failure may change. */
  protected abstract build(m: IoasModel): { raw: RawStep; predict: () => Expected; partialIn?: IoasName };
  protected abstract describe(): string;

  check(): boolean {
    return true;
  }

  run(m: IoasModel, r: Real): void {
    r.reporting(() => {
      const { raw, predict, partialIn } = this.build(m);
      this.shown = js(raw);
      const before = snapshot(r);
      const seen = Object.fromEntries(IOAS.map((n) => {
        const o = r.inspect(n);
        return [n, { areas: o.areas as RealArea[], ranges: o.iova_ranges as RealRange[] }];
      })) as Record<IoasName, { areas: RealArea[]; ranges: RealRange[] }>;
      const expected = predict();
      const res = r.exec(raw);
      expectResult(res, expected, raw);
      if (!res.ok) {
        const after = res.partial && partialIn ? snapshot(r, partialIn) : snapshot(r);
        const wanted = res.partial && partialIn ? snapshotOf(before, partialIn) : before;
        eq(after, wanted, `a failing ${raw.op} changed state it must not change`);
      } else {
        checkNewAreas(seen, r);
      }
      checkInvariants(m, r);
    });
  }

  toString(): string {
    return this.shown ?? this.describe();
  }
}

/** The snapshot string `before` with one IOAS's areas blanked (as snapshot(r, name) spells it). */
function snapshotOf(before: string, name: IoasName): string {
  const parts = JSON.parse(before) as Record<string, Record<string, unknown>>;
  parts[name] = { ...parts[name], areas: '(changed by a partial unmap)' };
  return JSON.stringify(parts);
}

type Flags = { read: boolean; write: boolean };
const flagNames = (f: Flags): string[] => [...(f.read ? ['READABLE'] : []), ...(f.write ? ['WRITEABLE'] : [])];

class MapCmd extends IoasCmd {
  constructor(readonly ioas: IoasRef, readonly iova: IovaSel | null, readonly length: bigint, readonly userVa: bigint, readonly flags: Flags) {
    super();
  }
  protected build(m: IoasModel) {
    const iova = this.iova === null ? null : resolveIova(this.iova, m.ioas[this.ioas === 'bad' ? 'A' : this.ioas].areas);
    const raw: RawStep = { op: 'IOMMU_IOAS_MAP', fd: 'ifd', ioas_id: HANDLE[this.ioas], user_va: hx(this.userVa), length: hx(this.length), flags: flagNames(this.flags) };
    if (iova !== null) {
      raw.iova = hx(iova);
      (raw.flags as string[]).push('FIXED_IOVA');
    }
    return { raw, predict: () => predictMap(m, { ioas: this.ioas, userVa: this.userVa, length: this.length, iova, ...this.flags }) };
  }
  protected describe() {
    return `map(${this.ioas}, ${js(this.iova)}, ${hx(this.length)})`;
  }
}

class UnmapCmd extends IoasCmd {
  constructor(readonly ioas: IoasRef, readonly sel: RangeSel | 'all') {
    super();
  }
  protected build(m: IoasModel) {
    const { iova, length } = this.sel === 'all' ? { iova: 0n, length: (1n << 64n) - 1n } : resolveRange(this.sel, m.ioas[this.ioas === 'bad' ? 'A' : this.ioas].areas);
    const raw: RawStep = { op: 'IOMMU_IOAS_UNMAP', fd: 'ifd', ioas_id: HANDLE[this.ioas], iova: hx(iova), length: hx(length) };
    return { raw, predict: () => predictUnmap(m, this.ioas, iova, length), ...(this.ioas !== 'bad' ? { partialIn: this.ioas } : {}) };
  }
  protected describe() {
    return `unmap(${this.ioas}, ${js(this.sel)})`;
  }
}

class CopyCmd extends IoasCmd {
  constructor(readonly dst: IoasRef, readonly src: IoasRef, readonly sel: RangeSel, readonly dstIova: IovaSel | null, readonly flags: Flags) {
    super();
  }
  protected build(m: IoasModel) {
    const { iova: srcIova, length } = resolveRange(this.sel, m.ioas[this.src === 'bad' ? 'A' : this.src].areas);
    const dstIova = this.dstIova === null ? null : resolveIova(this.dstIova, m.ioas[this.dst === 'bad' ? 'A' : this.dst].areas);
    const raw: RawStep = {
      op: 'IOMMU_IOAS_COPY', fd: 'ifd', dst_ioas_id: HANDLE[this.dst], src_ioas_id: HANDLE[this.src],
      src_iova: hx(srcIova), length: hx(length), flags: flagNames(this.flags),
    };
    if (dstIova !== null) {
      raw.dst_iova = hx(dstIova);
      (raw.flags as string[]).push('FIXED_IOVA');
    }
    return { raw, predict: () => predictCopy(m, { dst: this.dst, src: this.src, srcIova, length, dstIova, ...this.flags }) };
  }
  protected describe() {
    return `copy(${this.src} -> ${this.dst}, ${js(this.sel)})`;
  }
}

class AttachCmd extends IoasCmd {
  constructor(readonly dev: DevName, readonly ioas: IoasName) {
    super();
  }
  protected build(m: IoasModel) {
    const raw: RawStep = { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: CDEV[this.dev], pt_id: this.ioas };
    return { raw, predict: () => predictAttach(m, this.dev, this.ioas) };
  }
  protected describe() {
    return `attach(${this.dev}, ${this.ioas})`;
  }
}

class DetachCmd extends IoasCmd {
  constructor(readonly dev: DevName) {
    super();
  }
  protected build(m: IoasModel) {
    const raw: RawStep = { op: 'VFIO_DEVICE_DETACH_IOMMUFD_PT', fd: CDEV[this.dev] };
    return { raw, predict: () => predictDetach(m, this.dev) };
  }
  protected describe() {
    return `detach(${this.dev})`;
  }
}

class AllowCmd extends IoasCmd {
  constructor(readonly ioas: IoasRef, readonly ranges: readonly { start: bigint; last: bigint }[]) {
    super();
  }
  protected build(m: IoasModel) {
    const raw: RawStep = { op: 'IOMMU_IOAS_ALLOW_IOVAS', fd: 'ifd', ioas_id: HANDLE[this.ioas], allowed_iovas: this.ranges.map((x) => ({ start: hx(x.start), last: hx(x.last) })) };
    return { raw, predict: () => predictAllow(m, this.ioas, this.ranges) };
  }
  protected describe() {
    return `allow_iovas(${this.ioas}, ${js(this.ranges)})`;
  }
}

/** IOMMU_IOAS_IOVA_RANGES: read-only; the answer is the model's usable ranges and alignment. */
class RangesCmd extends IoasCmd {
  constructor(readonly ioas: IoasName) {
    super();
  }
  protected build(m: IoasModel) {
    const raw: RawStep = { op: 'IOMMU_IOAS_IOVA_RANGES', fd: 'ifd', ioas_id: this.ioas };
    const ranges = usableRanges(m, this.ioas);
    return {
      raw,
      predict: (): Expected => ({
        ok: true,
        out: { num_iovas: ranges.length, allowed_iovas: ranges.map((x) => ({ start: x.first, last: x.last })), out_iova_alignment: alignmentOf(m, this.ioas) },
      }),
    };
  }
  protected describe() {
    return `iova_ranges(${this.ioas})`;
  }
}

// ---------------------------------------------------------------- generators

const flagsArb: fc.Arbitrary<Flags> = fc.oneof(
  { weight: 10, arbitrary: fc.constant({ read: true, write: true }) },
  { weight: 2, arbitrary: fc.constant({ read: true, write: false }) },
  { weight: 1, arbitrary: fc.constant({ read: false, write: true }) },
  { weight: 1, arbitrary: fc.constant({ read: false, write: false }) },
);

const ioasRefArb: fc.Arbitrary<IoasRef> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom<IoasName>('A', 'B') },
  { weight: 1, arbitrary: fc.constant<IoasRef>('bad') },
);

export function ioasCommands(p: PlatformModel): fc.Arbitrary<fc.Command<IoasModel, Real>>[] {
  const addr = addrNear(p.anchors, p.unit);
  const length = lengthArb(p.unit);
  const dev = fc.constantFrom(...DEVS);
  const ioasArb = fc.constantFrom(...IOAS);
  const mapFixed = fc.tuple(ioasRefArb, iovaSelArb(p.anchors, p.unit), length, userVaArb, flagsArb).map(([i, s, l, u, f]) => new MapCmd(i, s, l, u, f));
  const mapAuto = fc.tuple(ioasRefArb, length, userVaArb, flagsArb).map(([i, l, u, f]) => new MapCmd(i, null, l, u, f));
  const unmap = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(ioasRefArb, rangeSelArb(addr, length)).map(([i, s]) => new UnmapCmd(i, s)) },
    { weight: 1, arbitrary: ioasArb.map((i) => new UnmapCmd(i, 'all')) },
  );
  const copy = fc.tuple(ioasRefArb, ioasRefArb, rangeSelArb(addr, length), fc.option(iovaSelArb(p.anchors, p.unit), { freq: 2 }), flagsArb)
    .map(([d, s, sel, di, f]) => new CopyCmd(d, s, sel, di, f));
  const attach = fc.tuple(dev, ioasArb).map(([d, i]) => new AttachCmd(d, i));
  // 0-3 ranges around the anchors (some empty or reversed: EINVAL); [] clears the list.
  const allowed = fc.array(fc.tuple(addr, length), { maxLength: 3 }).map((xs) => xs.map(([a, l]) => ({ start: a, last: wrap(a + l - 1n) })));
  const allow = fc.tuple(ioasRefArb, allowed).map(([i, r]) => new AllowCmd(i, r));
  // fc.commands picks uniformly among these: repeats set the mix.
  return [
    mapFixed, mapFixed, mapAuto, mapAuto,
    unmap, unmap,
    copy, copy,
    attach, attach,
    dev.map((d) => new DetachCmd(d)),
    ioasArb.map((i) => new RangesCmd(i)),
    allow,
  ];
}

/**
 * Byte-granular layouts just above PAGE_SIZE, with no device attached (alignment 1): fixed maps
 * of a few bytes leave holes of one or two bytes, and automatic maps of a few bytes must take
 * exactly the hole the kernel's first fit takes (the strict `start < hole.last` test, the page
 * offset OR-ed into the aligned start).
 */
export function denseCommands(p: PlatformModel): fc.Arbitrary<fc.Command<IoasModel, Real>>[] {
  const base = 0x1000n;
  const addr = fc.integer({ min: 0, max: 0x30 }).map((k) => base + BigInt(k));
  const length = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 6 }).map(BigInt) }, { weight: 1, arbitrary: fc.constantFrom(0x10n, 0x20n) });
  const userVa = fc.tuple(fc.constantFrom(0x7f0000000000n, 0x7f0000001000n), fc.constantFrom(0n, 0n, 1n, 2n, 3n, 4n, 0x7ffn, 0xfffn)).map(([b, o]) => b + o);
  const ioas = fc.constantFrom<IoasName>('A', 'B');
  const rw = fc.constant({ read: true, write: true });
  void p;
  return [
    fc.tuple(ioas, addr, length, userVa, rw).map(([i, a, l, u, f]) => new MapCmd(i, { kind: 'abs', iova: a }, l, u, f)),
    fc.tuple(ioas, addr, length, userVa, rw).map(([i, a, l, u, f]) => new MapCmd(i, { kind: 'abs', iova: a }, l, u, f)),
    fc.tuple(ioas, length, userVa, rw).map(([i, l, u, f]) => new MapCmd(i, null, l, u, f)),
    fc.tuple(ioas, addr, length).map(([i, a, l]) => new UnmapCmd(i, { kind: 'abs', iova: a, length: l })),
    fc.tuple(ioas, ioas, addr, length, rw).map(([d, s, a, l, f]) => new CopyCmd(d, s, { kind: 'abs', iova: a, length: l }, null, f)),
  ];
}
