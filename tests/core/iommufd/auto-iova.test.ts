// Automatic IOVA allocation (iopt_alloc_iova, newest version; kernel-semantics.md §2.6).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holesOf, unionOf } from '../../../src/core/intervals';
import { insertArea, newIoas } from '../../../src/core/iommufd/ioas';
import { allocIova } from '../../../src/core/iommufd/iova-alloc';
import { roundupPow2, U64_MAX } from '../../../src/core/u64';
import { attachDev0, iommufdWithIoas, map, run, unmap } from './helpers';

const iovaOf = (r: ReturnType<typeof run>, i: number) => r.out(i).iova as bigint;

describe('automatic IOVA', () => {
  it('mock domain: the first auto IOVA of a page-aligned buffer is MOCK_APERTURE_START', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, ...attachDev0, map(null, 0x1000n)]);
    expect(iovaOf(r, 5)).toBe(0x1000000n);
  });

  it('aligns to roundup_pow_of_two(length): 0x2000 after a 0x1000 area lands at 0x1002000 (THP kernel)', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, ...attachDev0, map(null, 0x1000n), map(null, 0x2000n)]);
    expect(iovaOf(r, 5)).toBe(0x1000000n);
    expect(iovaOf(r, 6)).toBe(0x1002000n);
  });

  it('first fit: a freed lower hole is reused', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, ...attachDev0, map(null, 0x1000n), map(null, 0x1000n), unmap(0x1000000n, 0x1000n), map(null, 0x1000n)]);
    expect(iovaOf(r, 6)).toBe(0x1001000n);
    expect(iovaOf(r, 8)).toBe(0x1000000n);
  });

  it('caps the alignment at HPAGE_SIZE (2 MiB): a 16 MiB map from a 1 GiB-aligned buffer is 2 MiB aligned', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, map(null, 16n << 20n, 0x7f0040000000n), map(null, 0x2000n, 0x7f0000200000n)]);
    // Window starts at PAGE_SIZE: ALIGN(0x1000, 2 MiB) = 0x200000 (old kernels: 16 MiB alignment -> 0x1000000).
    expect(iovaOf(r, 2)).toBe(0x200000n);
    // Two pages from a 2 MiB-aligned buffer: 8 KiB alignment, so the hole below the 16 MiB area fits.
    expect(iovaOf(r, 3)).toBe(0x2000n);
  });

  it('takes the buffer address into account: the alignment is at most the lowest set bit of the address', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, map(0x3000n, 0x1000n), map(null, 0x10000n, 0x7f0000001000n)]);
    // alignment = min(64 KiB, 4 KiB) = 4 KiB: the hole [0x1000, 0x2fff] is too small, the next
    // one starts right after the fixed area (a 64 KiB alignment would have given 0x10000).
    expect(iovaOf(r, 3)).toBe(0x4000n);
  });

  it('the strict `start < hole.last` test: a hole whose aligned start is its last byte never fits', () => {
    const r = run('x86-vtd-48', [
      ...iommufdWithIoas,
      map(0x1000n, 0xfffn), // [0x1000, 0x1ffe]: leaves the one-byte hole [0x1fff, 0x1fff]
      map(0x2000n, 0x1000n),
      map(null, 1n, 0x7f0000000fffn), // alignment 1, page offset 0xfff
    ]);
    // Old kernels (non-strict test) returned 0x1fff.
    expect(iovaOf(r, 4)).toBe(0x3fffn);
  });

  it('never returns an IOVA below PAGE_SIZE, even when 0 is allowed', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, { op: 'IOMMU_IOAS_ALLOW_IOVAS', fd: 'ifd', ioas_id: 'ioas', allowed_iovas: [{ start: '0x0', last: '0xffff' }] }, map(null, 0x1000n)]);
    expect(iovaOf(r, 3)).toBe(0x1000n);
  });

  it('allocates only inside the allowed ranges, ENOSPC when none fits', () => {
    const r = run('x86-vtd-48', [
      ...iommufdWithIoas,
      { op: 'IOMMU_IOAS_ALLOW_IOVAS', fd: 'ifd', ioas_id: 'ioas', allowed_iovas: [{ start: '0x40000000', last: '0x4001ffff' }] },
      map(null, 0x10000n), map(null, 0x10000n), map(null, 0x10000n),
      map(0x100000n, 0x1000n), // fixed maps ignore the allowed list
    ]);
    expect(iovaOf(r, 3)).toBe(0x40000000n);
    expect(iovaOf(r, 4)).toBe(0x40010000n);
    expect(r.errno(5)).toBe('ENOSPC');
    expect(iovaOf(r, 6)).toBe(0x100000n);
  });

  it('EINVAL when the buffer cannot give the IOAS alignment; EOVERFLOW for length >= 2^63', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, ...attachDev0, map(null, 0x800n, 0x7f0000000400n), map(null, 1n << 63n)]);
    expect(r.errno(5)).toBe('EINVAL');
    expect(r.errno(6)).toBe('EOVERFLOW');
  });

  it('avoids reserved ranges: x86 MSI window', () => {
    const r = run('x86-vtd-48', [
      ...iommufdWithIoas, ...attachDev0,
      { op: 'IOMMU_IOAS_ALLOW_IOVAS', fd: 'ifd', ioas_id: 'ioas', allowed_iovas: [{ start: '0xfed00000', last: '0xfedfffff' }, { start: '0xfef00000', last: '0xffffffff' }] },
      map(null, 0x100000n), map(null, 0x100000n),
    ]);
    expect(iovaOf(r, 6)).toBe(0xfed00000n);
    expect(iovaOf(r, 7)).toBe(0xfef00000n);
  });
});

// ---------------------------------------------------------------- the gap index against a plain walk

const PAGE = 0x1000n;
const HPAGE = 0x200000n;

/** iopt_alloc_iova written as the kernel walks it: every hole of (reserved ∪ areas), ascending. */
function naive(areas: { first: bigint; last: bigint }[], reserved: { first: bigint; last: bigint }[], allowed: { first: bigint; last: bigint }[], addr: bigint, length: bigint, ioasAlign: bigint): bigint | string {
  if (length === 0n || length >= U64_MAX / 2n) return 'EOVERFLOW';
  let a = roundupPow2(length);
  if (addr && (addr & -addr) < a) a = addr & -addr;
  if (a >= HPAGE) a = HPAGE;
  if (a < ioasAlign) return 'EINVAL';
  const po = addr % PAGE;
  const fit = (s: bigint, l: bigint): bigint | null => {
    const sum = s + a - 1n;
    if (sum > U64_MAX) return null;
    const st = (sum & ~(a - 1n)) | po;
    return st >= l || l - st < length - 1n ? null : st;
  };
  const spans = allowed.length ? unionOf(allowed).map((x) => ({ first: x.first > PAGE ? x.first : PAGE, last: x.last < U64_MAX - PAGE ? x.last : U64_MAX - PAGE })).filter((x) => x.first <= x.last) : [{ first: PAGE, last: U64_MAX - PAGE }];
  for (const sp of spans) {
    const st = fit(sp.first, sp.last);
    if (st === null) continue;
    for (const h of holesOf([...reserved, ...areas], st, sp.last)) {
      const got = fit(h.first, h.last);
      if (got !== null) return got;
    }
  }
  return 'ENOSPC';
}

describe('gap-index first fit equals the kernel walk', () => {
  it('on random layouts', () => {
    const small = fc.bigInt({ min: 0n, max: 0x40n });
    fc.assert(fc.property(
      fc.array(fc.tuple(small, fc.bigInt({ min: 1n, max: 8n })), { maxLength: 12 }),
      fc.array(fc.tuple(small, fc.bigInt({ min: 1n, max: 6n })), { maxLength: 3 }),
      fc.array(fc.tuple(small, fc.bigInt({ min: 1n, max: 16n })), { maxLength: 3 }),
      fc.bigInt({ min: 0n, max: 0x40n }), fc.bigInt({ min: 1n, max: 0x9000n }), fc.constantFrom(1n, 0x800n, 0x1000n),
      (rawAreas, rawRes, rawAllowed, addrPages, length, ioasAlign) => {
        const ioas = newIoas(1);
        ioas.iovaAlignment = ioasAlign;
        const areas: { first: bigint; last: bigint }[] = [];
        for (const [p, n] of rawAreas) {
          const first = p * 0x800n; const last = first + n * 0x800n - 1n;
          if (areas.some((x) => x.first <= last && x.last >= first)) continue;
          areas.push({ first, last });
        }
        // Insert in a scrambled order, with an auto allocation in the middle so the index is
        // built early and then maintained incrementally.
        const order = [...areas].sort((x, y) => Number((x.first * 7919n) % 101n - (y.first * 7919n) % 101n));
        order.forEach((x, i) => {
          if (i === Math.floor(order.length / 2)) allocIova(ioas, 0n, 0x800n, { pageSize: PAGE, maxAlignment: HPAGE });
          insertArea(ioas, { ...x, userVa: 0n, read: true, write: true, pagesWritable: true });
        });
        const reserved = rawRes.map(([p, n]) => ({ first: p * 0x1000n + 0x300n, last: p * 0x1000n + n * 0x1000n }))
          .filter((r) => !areas.some((x) => x.first <= r.last && x.last >= r.first));
        for (const r of reserved) ioas.reserved.add({ ...r, owner: 'test' });
        const allowed: { first: bigint; last: bigint }[] = [];
        for (const [p, n] of rawAllowed) {
          const r = { first: p * 0x1000n, last: p * 0x1000n + n * 0x1000n - 1n };
          if (!allowed.some((x) => x.first <= r.last && x.last >= r.first)) allowed.push(r);
        }
        for (const r of allowed) ioas.allowed.add(r);
        const addr = 0x7f0000000000n + addrPages * 0x400n;
        const want = naive(areas, reserved, allowed, addr, length, ioasAlign);
        const got = allocIova(ioas, addr, length, { pageSize: PAGE, maxAlignment: HPAGE });
        expect(typeof got === 'bigint' ? got : got.errno).toBe(want);
      },
    ), { numRuns: 400 });
  });
});

describe('GapIndex', () => {
  it('tracks holes through inserts and removals, and a clone is independent (copy-on-write)', async () => {
    const { GapIndex } = await import('../../../src/core/iommufd/gap-index');
    const g = GapIndex.fromAreas([{ first: 0x1000n, last: 0x1fffn }, { first: 0x4000n, last: 0x4fffn }]);
    expect(g.holes()).toEqual([{ first: 0n, last: 0xfffn }, { first: 0x2000n, last: 0x3fffn }, { first: 0x5000n, last: U64_MAX }]);
    const c = g.clone();
    c.areaInserted(0x2000n, 0x3fffn);
    c.areaRemoved(0x1000n, 0x1fffn);
    expect(c.holes()).toEqual([{ first: 0n, last: 0x1fffn }, { first: 0x5000n, last: U64_MAX }]);
    expect(g.holes()).toEqual([{ first: 0n, last: 0xfffn }, { first: 0x2000n, last: 0x3fffn }, { first: 0x5000n, last: U64_MAX }]);
    expect(g.firstAtLeast(0x1000n, 0x2000n)).toEqual({ first: 0x2000n, last: 0x3fffn });
    expect(c.firstAtLeast(0x1000n, 0x2000n)).toEqual({ first: 0x5000n, last: U64_MAX });
    expect(g.holeAt(0x1800n)).toBeUndefined();
  });
});
