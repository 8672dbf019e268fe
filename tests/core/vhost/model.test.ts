// Property test: random IOTLB message sequences against a naive model of the kernel's rules
// (a plain list per ASID), on vdpa_sim (user-VA mode: entries keep their exact range; set_map
// parent: the device's map is a copy of the IOTLB as of the last set_map).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { json, run, U, vdpaDoc } from './helpers';

type E = { first: bigint; last: bigint; uaddr: bigint };
type Op =
  | { k: 'upd'; asid: number; iova: bigint; size: bigint }
  | { k: 'inv'; asid: number; iova: bigint; size: bigint }
  | { k: 'begin'; asid: number }
  | { k: 'end'; asid: number }
  | { k: 'reset' };

const M64 = (1n << 64n) - 1n;
const PAGE = 0x1000n;
const NAS = 2;

const asidArb = fc.constantFrom(0, 0, 0, 1, 1, 2);
const iovaArb = fc.oneof(fc.integer({ min: 0, max: 63 }).map((p) => BigInt(p) * PAGE), fc.constant(M64 - PAGE + 1n), fc.constant(0x800n));
const sizeArb = fc.oneof(fc.integer({ min: 1, max: 8 }).map((p) => BigInt(p) * PAGE), fc.constant(0n), fc.constant(2n * PAGE));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('upd' as const), asid: asidArb, iova: iovaArb, size: sizeArb }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('inv' as const), asid: asidArb, iova: iovaArb, size: sizeArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('begin' as const), asid: asidArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('end' as const), asid: asidArb }) },
  { weight: 1, arbitrary: fc.constant({ k: 'reset' as const }) },
);

/** The naive kernel: returns what write()/ioctl returns for each op, and the final state. */
function naive(ops: Op[]) {
  const ases = new Map<number, E[]>();
  const device = new Map<number, E[] | 'identity'>([[0, 'identity'], [1, 'identity']]);
  let inBatch = false;
  let batchAsid = 0;
  const setMap = (asid: number) => device.set(asid, [...(ases.get(asid) ?? [])]);
  const outcomes = ops.map((o): string => {
    if (o.k === 'reset') {
      device.set(0, 'identity');
      device.set(1, 'identity');
      return 'ok';
    }
    if (o.k === 'upd' && o.size === 0n) return 'EINVAL';
    if (o.k === 'upd' || o.k === 'begin') {
      if (o.asid >= NAS) return 'EFAULT';
      if (!ases.has(o.asid)) ases.set(o.asid, []);
    }
    const list = ases.get(o.asid);
    if (inBatch && batchAsid !== o.asid) return 'EFAULT';
    if (!list) return 'EFAULT';
    switch (o.k) {
      case 'upd': {
        if (o.iova > M64 - o.size + 1n) return 'EFAULT';
        const last = o.iova + o.size - 1n;
        if (list.some((e) => e.first <= last && e.last >= o.iova)) return 'EFAULT';
        list.push({ first: o.iova, last, uaddr: 0x7f0000000000n + o.iova % (1n << 30n) });
        if (!inBatch) setMap(o.asid);
        return 'ok';
      }
      case 'inv': {
        const last = (o.iova + o.size - 1n) & M64;
        if (last >= o.iova) ases.set(o.asid, list.filter((e) => !(e.first <= last && e.last >= o.iova)));
        if (!inBatch) setMap(o.asid);
        return 'ok';
      }
      case 'begin':
        inBatch = true;
        batchAsid = o.asid;
        return 'ok';
      case 'end':
        if (inBatch) setMap(o.asid);
        inBatch = false;
        return 'ok';
    }
  });
  return { outcomes, ases, device };
}

function toStep(o: Op): unknown {
  switch (o.k) {
    case 'upd': return { op: 'VHOST_IOTLB_UPDATE', fd: 'v', asid: o.asid, iova: '0x' + o.iova.toString(16), size: '0x' + o.size.toString(16), uaddr: '0x' + (0x7f0000000000n + o.iova % (1n << 30n)).toString(16), perm: 'RW' };
    case 'inv': return { op: 'VHOST_IOTLB_INVALIDATE', fd: 'v', asid: o.asid, iova: '0x' + o.iova.toString(16), size: '0x' + o.size.toString(16) };
    case 'begin': return { op: 'VHOST_IOTLB_BATCH_BEGIN', fd: 'v', asid: o.asid };
    case 'end': return { op: 'VHOST_IOTLB_BATCH_END', fd: 'v', asid: o.asid };
    case 'reset': return { op: 'VHOST_VDPA_SET_STATUS', fd: 'v', status: 0 };
  }
}

describe('IOTLB model', () => {
  it('matches a naive list model: errno per message, entries per ASID, and what the device translates', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const head = [{ op: 'open', path: '/dev/vhost-vdpa-0', as: 'v' }, { op: 'VHOST_SET_BACKEND_FEATURES', fd: 'v', features: ['IOTLB_MSG_V2', 'IOTLB_BATCH', 'IOTLB_ASID'] }];
        const { results } = run(vdpaDoc('vdpa_sim', [...head, ...ops.map(toStep), { op: 'inspect', target: 'v' }]));
        const want = naive(ops);
        const got = results.slice(2, 2 + ops.length).map((r) => (r.ok ? 'ok' : r.errno));
        expect(got).toEqual(want.outcomes);
        const lastResult = results[results.length - 1]!;
        const out = json(lastResult.ok && lastResult.out);
        const entries = [...want.ases.entries()].sort((a, b) => a[0] - b[0]).flatMap(([asid, l]) =>
          [...l].sort((a, b) => (a.first < b.first ? -1 : 1)).map((e) => ({ asid, iova: '0x' + e.first.toString(16), size: '0x' + (e.last - e.first + 1n).toString(16), uaddr: '0x' + e.uaddr.toString(16), perm: 'RW' })));
        expect(out.iotlb).toEqual(entries);
        expect(out.address_spaces).toEqual([...want.ases.keys()].sort());
        for (const asid of [0, 1]) {
          const d = want.device.get(asid)!;
          const t = out.translation[asid];
          if (d === 'identity') expect(t.device).toBe('identity');
          else {
            const live = want.ases.get(asid) ?? [];
            const same = (a: E, b: E) => a.first === b.first && a.last === b.last && a.uaddr === b.uaddr;
            expect(t).toMatchObject({ device: 'map', device_entries: d.length, untranslated: live.filter((e) => !d.some((x) => same(x, e))).length });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
