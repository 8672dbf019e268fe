// IOMMU_IOAS_MAP / IOMMU_IOAS_UNMAP rules (kernel-semantics.md part 1 §2.5, §2.7, §4.2, §4.3),
// the cases of the iommufd selftest the reference cites, confirmed on a 6.12 kernel (Part 4).
import { describe, expect, it } from 'vitest';
import { attachDev0, iommufdWithIoas, map, run, unmap } from './helpers';

const U64_MAX = (1n << 64n) - 1n;

function areas(r: ReturnType<typeof run>, i: number) {
  return (r.out(i).areas as { iova: bigint; length: bigint }[]).map((a) => [a.iova, a.length]);
}

describe('IOMMU_IOAS_MAP', () => {
  it('rejects an overlapping fixed map with EEXIST and changes nothing', () => {
    const r = run('selftest-mock', [
      ...iommufdWithIoas,
      map(0x100000n, 0x4000n),
      map(0x103000n, 0x2000n),
      { op: 'inspect', target: 'ioas' },
    ]);
    expect(r.out(2)).toEqual({ iova: 0x100000n });
    expect(r.errno(3)).toBe('EEXIST');
    expect(areas(r, 4)).toEqual([[0x100000n, 0x4000n]]);
  });

  it('keeps adjacent maps as separate areas', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, map(0x100000n, 0x1000n), map(0x101000n, 0x1000n), { op: 'inspect', target: 'ioas' }]);
    expect(areas(r, 4)).toEqual([[0x100000n, 0x1000n], [0x101000n, 0x1000n]]);
  });

  it('checks in the kernel order: EOVERFLOW, EINVAL (no prot), ENOENT, EOVERFLOW (uptr), EINVAL (length 0)', () => {
    const r = run('selftest-mock', [
      ...iommufdWithIoas,
      map(0n, U64_MAX),
      { op: 'IOMMU_IOAS_MAP', fd: 'ifd', ioas_id: 'ioas', user_va: '0x1000', length: '0x1000', flags: ['FIXED_IOVA'], iova: '0x1000' },
      { op: 'IOMMU_IOAS_MAP', fd: 'ifd', ioas_id: 'ifd', user_va: '0x1000', length: '0x1000', flags: ['READABLE'] },
      map(0x1000n, 0x2000n, U64_MAX - 0xfffn),
      map(0x1000n, 0n),
    ]);
    expect([r.errno(2), r.errno(3), r.errno(4), r.errno(5), r.errno(6)]).toEqual(['EOVERFLOW', 'EINVAL', 'ENOENT', 'EOVERFLOW', 'EINVAL']);
  });

  it('with a mock domain: outside the aperture is EINVAL, alignment is 2048, a 0x400 page offset is EINVAL', () => {
    const r = run('selftest-mock', [
      ...iommufdWithIoas, ...attachDev0,
      map(0x100000n, 0x1000n), // below MOCK_APERTURE_START
      map(0x1000000n, 0x800n), // one mock IO page
      map(0x1000800n, 0x400n), // length not a multiple of 2048
      map(0x1001000n, 0x800n, 0x7f0000000400n), // uptr page offset 0x400
      map(0x1002000n, 0x800n, 0x7f0000000800n), // page offset 0x800 is fine
    ]);
    expect(r.errno(5)).toBe('EINVAL');
    expect(r.out(6)).toEqual({ iova: 0x1000000n });
    expect(r.errno(7)).toBe('EINVAL');
    expect(r.errno(8)).toBe('EINVAL');
    expect(r.out(9)).toEqual({ iova: 0x1002000n });
  });

  it('x86 VT-d: a fixed map into the MSI window is EINVAL once a device is attached', () => {
    const r = run('x86-vtd-48', [...iommufdWithIoas, ...attachDev0, map(0xfee00000n, 0x1000n), map(0xfef00000n, 0x1000n), map(1n << 48n, 0x1000n)]);
    expect(r.errno(5)).toBe('EINVAL');
    expect(r.out(6)).toEqual({ iova: 0xfef00000n });
    expect(r.errno(7)).toBe('EINVAL');
  });

  it('pins user memory only when a domain is attached (EFAULT), and attaching then faults', () => {
    const steps = [
      { op: 'mmap', length: '0x10000', addr: '0x7f0000000000', as: 'buf' },
      ...iommufdWithIoas,
      map(0x100000n, 0x1000n, 0x7e0000000000n), // unbacked, but no domain: lazy reference only
      ...attachDev0,
    ];
    const r = run('x86-vtd-48', steps);
    expect(r.out(3)).toEqual({ iova: 0x100000n });
    expect(r.errno(6)).toBe('EFAULT');
    const r2 = run('x86-vtd-48', [steps[0]!, ...iommufdWithIoas, ...attachDev0, map(0x100000n, 0x1000n, 0x7e0000000000n), map(0x200000n, 0x1000n, 0x7f0000000000n)]);
    expect(r2.errno(6)).toBe('EFAULT');
    expect(r2.out(7)).toEqual({ iova: 0x200000n });
  });
});

describe('IOMMU_IOAS_UNMAP', () => {
  it('refuses to split an area (ENOENT) and unmaps nothing', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, map(0x100000n, 0x4000n), unmap(0x101000n, 0x1000n), unmap(0x100000n, 0x2000n), { op: 'inspect', target: 'ioas' }]);
    expect(r.errno(3)).toBe('ENOENT');
    expect(r.errno(4)).toBe('ENOENT');
    expect(areas(r, 5)).toEqual([[0x100000n, 0x4000n]]);
  });

  it('is not atomic: areas below the partly covered one are already gone when ENOENT comes back', () => {
    const r = run('selftest-mock', [
      ...iommufdWithIoas,
      map(0x100000n, 0x1000n), map(0x102000n, 0x1000n), map(0x104000n, 0x2000n),
      unmap(0x100000n, 0x5000n), // covers the first two fully, the third only partly
      { op: 'inspect', target: 'ioas' },
    ]);
    const f = r.r(5);
    expect(f.ok).toBe(false);
    if (f.ok) return;
    expect(f.errno).toBe('ENOENT');
    expect(f.partial).toBe(true);
    expect(f.reason).toMatch(/already unmapped/);
    expect(areas(r, 6)).toEqual([[0x104000n, 0x2000n]]);
  });

  it('unmaps every area inside the range across holes and returns their total length', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, map(0x100000n, 0x1000n), map(0x108000n, 0x2000n), unmap(0x0n, 0x200000n)]);
    expect(r.out(4)).toEqual({ length: 0x3000n });
  });

  it('unmap of an empty range is ENOENT; unmap-all of an empty IOAS is 0 with length 0', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, unmap(0x100000n, 0x1000n), unmap(0n, U64_MAX), map(0x100000n, 0x3000n), unmap(0n, U64_MAX)]);
    expect(r.errno(2)).toBe('ENOENT');
    expect(r.out(3)).toEqual({ length: 0n });
    expect(r.out(5)).toEqual({ length: 0x3000n });
  });

  it('length 0 is EINVAL, iova or length ULONG_MAX outside the all form is EOVERFLOW, a wrap is EOVERFLOW', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, unmap(0x1000n, 0n), unmap(0x1000n, U64_MAX), unmap(U64_MAX, 1n), unmap(U64_MAX - 0xfffn, 0x2000n)]);
    expect([r.errno(2), r.errno(3), r.errno(4), r.errno(5)]).toEqual(['EINVAL', 'EOVERFLOW', 'EOVERFLOW', 'EOVERFLOW']);
  });

  it('needs no alignment: any byte range that fully covers the areas works', () => {
    const r = run('selftest-mock', [...iommufdWithIoas, map(0x100000n, 0x1000n), unmap(0xfff01n, 0x1234n)]);
    expect(r.out(3)).toEqual({ length: 0x1000n });
  });
});
