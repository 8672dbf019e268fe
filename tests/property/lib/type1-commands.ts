// fast-check commands for the type1 v2 container suite.

import fc from 'fast-check';
import type { IovaSel, RangeSel } from './arb';
import { addrNear, iovaSelArb, rangeSelArb, resolveIova, resolveRange } from './arb';
import type { Expected, RawStep } from './harness';
import { check, eq, expectResult, hx, js, Real, U64_MAX } from './harness';
import { within } from './naive';
import type { Group, Type1Model } from './type1-model';
import {
  dmaAvail, DMA_ENTRY_LIMIT, GROUPS, IOVA_LIST, predictGetInfo, predictMapDma, predictSet, predictSetIommu, predictUnmapDma, predictUnset,
} from './type1-model';

export const DEVICES = [{ id: 'nic0', group: 26 }, { id: 'nic1', group: 27 }];

export const SETUP: RawStep[] = [
  { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
  { op: 'open', path: '/dev/vfio/26', as: 'g26' },
  { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g26', container: 'c' },
  { op: 'open', path: '/dev/vfio/27', as: 'g27' },
  { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g27', container: 'c' },
  { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1v2_IOMMU' },
];

export function initialModel(): Type1Model {
  return { groups: [26, 27], iommu: true, dmas: [] };
}

type RealMapping = { iova: bigint; size: bigint; vaddr: bigint };

/** The container's type1 state as the core holds it (null when no backend is set). */
function type1State(r: Real) {
  const cs = [...r.sim.state.containers.values()];
  check(cs.length === 1, `expected one container, found ${cs.length}`);
  const io = cs[0]!.iommu;
  if (io === null) return null;
  check(io.kind === 'type1' && io.v2, 'the backend is not type1 v2');
  return io.kind === 'type1' ? io : null;
}

export function checkInvariants(m: Type1Model, r: Real): void {
  const o = r.inspect('c');
  eq(o.iommu, m.iommu ? 'VFIO_TYPE1v2_IOMMU' : null, 'container iommu');
  eq(o.groups, [...m.groups].sort((a, b) => a - b), 'container groups');
  const maps = o.mappings as RealMapping[];
  eq(maps.map((x) => ({ iova: x.iova, size: x.size, vaddr: x.vaddr })), m.dmas.map((d) => ({ iova: d.first, size: d.last - d.first + 1n, vaddr: d.vaddr })), 'container mappings');
  for (let i = 1; i < maps.length; i++) {
    check(maps[i - 1]!.iova + maps[i - 1]!.size - 1n < maps[i]!.iova, `mappings overlap or are unsorted: ${js(maps.slice(i - 1, i + 1))}`);
  }
  for (const x of maps) {
    const iv = { first: x.iova, last: x.iova + x.size - 1n };
    check(IOVA_LIST.some((n) => within(iv, n)), `mapping ${js(x)} is not inside one valid IOVA range`);
  }
  const st = type1State(r);
  check((st === null) === !m.iommu, 'backend presence differs from the model');
  if (st) {
    eq(st.dmaAvail, dmaAvail(m), 'dma_avail');
    eq(st.dmaAvail + st.dmas.size, DMA_ENTRY_LIMIT, 'dma_avail + mappings = dma_entry_limit');
  }
}

abstract class Type1Cmd implements fc.Command<Type1Model, Real> {
  private shown: string | null = null;
  protected abstract build(m: Type1Model): { raw: RawStep; predict: () => Expected };
  protected abstract describe(): string;

  check(): boolean {
    return true;
  }

  run(m: Type1Model, r: Real): void {
    r.reporting(() => {
      const { raw, predict } = this.build(m);
      this.shown = js(raw);
      const before = js([r.inspect('c'), r.inspect('g26'), r.inspect('g27'), type1State(r)?.dmaAvail ?? null]);
      const expected = predict();
      const res = r.exec(raw);
      expectResult(res, expected, raw);
      // type1 never fails halfway: a failing ioctl changes nothing.
      if (!res.ok) eq(js([r.inspect('c'), r.inspect('g26'), r.inspect('g27'), type1State(r)?.dmaAvail ?? null]), before, `a failing ${raw.op} changed state`);
      checkInvariants(m, r);
    });
  }

  toString(): string {
    return this.shown ?? this.describe();
  }
}

type Flags = { read: boolean; write: boolean };

class MapCmd extends Type1Cmd {
  constructor(readonly iova: IovaSel, readonly size: bigint, readonly vaddr: bigint, readonly flags: Flags) {
    super();
  }
  protected build(m: Type1Model) {
    const iova = resolveIova(this.iova, m.dmas);
    const flags = [...(this.flags.read ? ['READ'] : []), ...(this.flags.write ? ['WRITE'] : [])];
    const raw: RawStep = { op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova: hx(iova), size: hx(this.size), vaddr: hx(this.vaddr), flags };
    return { raw, predict: () => predictMapDma(m, iova, this.size, this.vaddr, this.flags.read, this.flags.write) };
  }
  protected describe() {
    return `map(${js(this.iova)}, ${hx(this.size)})`;
  }
}

class UnmapCmd extends Type1Cmd {
  constructor(readonly sel: RangeSel, readonly all: boolean) {
    super();
  }
  protected build(m: Type1Model) {
    const { iova, length } = this.all && this.sel.kind === 'abs' && this.sel.iova === 0n ? { iova: 0n, length: 0n } : resolveRange(this.sel, m.dmas);
    const raw: RawStep = { op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'c', iova: hx(iova), size: hx(length), ...(this.all ? { flags: ['ALL'] } : {}) };
    return { raw, predict: () => predictUnmapDma(m, iova, length, this.all) };
  }
  protected describe() {
    return `unmap(${js(this.sel)}${this.all ? ', ALL' : ''})`;
  }
}

class GroupCmd extends Type1Cmd {
  constructor(readonly group: Group, readonly join: boolean) {
    super();
  }
  protected build(m: Type1Model) {
    const raw: RawStep = this.join
      ? { op: 'VFIO_GROUP_SET_CONTAINER', fd: `g${this.group}`, container: 'c' }
      : { op: 'VFIO_GROUP_UNSET_CONTAINER', fd: `g${this.group}` };
    return { raw, predict: () => (this.join ? predictSet(m, this.group) : predictUnset(m, this.group)) };
  }
  protected describe() {
    return `${this.join ? 'set' : 'unset'}_container(${this.group})`;
  }
}

class SetIommuCmd extends Type1Cmd {
  protected build(m: Type1Model) {
    return { raw: { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1v2_IOMMU' }, predict: () => predictSetIommu(m) };
  }
  protected describe() {
    return 'set_iommu(type1v2)';
  }
}

class GetInfoCmd extends Type1Cmd {
  protected build(m: Type1Model) {
    return { raw: { op: 'VFIO_IOMMU_GET_INFO', fd: 'c' }, predict: () => predictGetInfo(m) };
  }
  protected describe() {
    return 'get_info';
  }
}

// Repeats weight the choice: mostly inside the IOVA list, around the MSI hole, sometimes past
// the aperture or at the top of the 64-bit space.
const ANCHORS = [0n, 0n, 0x10000n, 0x10000n, 0xfee00000n, 0xfef00000n, 0xfef00000n, 1n << 48n, U64_MAX - 0x3fffn, U64_MAX];
const UNIT = 0x1000n;

const vaddrArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0x800n)).map(([k, o]) => 0x7f0000000000n + BigInt(k) * 0x1000n + o) },
  { weight: 1, arbitrary: fc.constantFrom(0n, U64_MAX - 0xfffn, U64_MAX - 0x1fffn) },
);

const flagsArb: fc.Arbitrary<Flags> = fc.oneof(
  { weight: 10, arbitrary: fc.constant({ read: true, write: true }) },
  { weight: 2, arbitrary: fc.constantFrom({ read: true, write: false }, { read: false, write: true }) },
  { weight: 1, arbitrary: fc.constant({ read: false, write: false }) },
);

/** Mostly whole pages (type1 wants PAGE_SIZE multiples); now and then misaligned, zero or huge. */
const lengthArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 16, arbitrary: fc.integer({ min: 1, max: 16 }).map((k) => BigInt(k) * UNIT) },
  { weight: 2, arbitrary: fc.constantFrom(0x100000n, 0x200000n, 0x1000000n) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 0x800n, 0x1800n, 1n << 63n, U64_MAX - 0xfffn, U64_MAX) },
);

export function type1Commands(): fc.Arbitrary<fc.Command<Type1Model, Real>>[] {
  const addr = addrNear(ANCHORS, UNIT, 16, 40);
  const length = lengthArb;
  const map = fc.tuple(iovaSelArb(ANCHORS, UNIT, 40), length, vaddrArb, flagsArb).map(([i, s, v, f]) => new MapCmd(i, s, v, f));
  const unmap = fc.tuple(rangeSelArb(addr, length)).map(([s]) => new UnmapCmd(s, false));
  // UNMAP ALL: mostly the valid (0, 0); sometimes with a non-zero iova or size (EINVAL).
  const unmapAll = fc.oneof(
    { weight: 3, arbitrary: fc.constant(new UnmapCmd({ kind: 'abs', iova: 0n, length: 0n }, true)) },
    { weight: 1, arbitrary: fc.tuple(addr, length).map(([iova, l]) => new UnmapCmd({ kind: 'abs', iova: iova === 0n ? UNIT : iova, length: l }, true)) },
  );
  const group = fc.tuple(fc.constantFrom(...GROUPS), fc.boolean()).map(([g, join]) => new GroupCmd(g, join));
  return [
    map, map, map, map,
    unmap, unmap, unmap,
    unmapAll,
    group, group,
    fc.constant(new SetIommuCmd()),
    fc.constant(new GetInfoCmd()),
  ];
}
