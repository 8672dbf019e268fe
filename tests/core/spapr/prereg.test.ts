import { describe, expect, it } from 'vitest';
import { DDW, errnoOf, GiB, MEM, MEM_SIZE, Rig } from './rig';

describe('REGISTER_MEMORY (observed on powernv9, 64 KiB pages)', () => {
  it('unaligned vaddr or size is EINVAL', () => {
    const rig = new Rig();
    expect(errnoOf(rig.register(MEM + 0x1000n, 0x10000n))).toBe('EINVAL');
    expect(errnoOf(rig.register(MEM, 0x11000n))).toBe('EINVAL');
    expect(errnoOf(rig.register(0xffffffffffff0000n, 0x20000n))).toBe('EINVAL'); // wraps
  });

  it('the same region again is EBUSY; an overlapping larger region is EINVAL; size 0 is ENOMEM', () => {
    const rig = new Rig();
    expect(rig.register().ok).toBe(true);
    expect(errnoOf(rig.register())).toBe('EBUSY');
    expect(errnoOf(rig.register(MEM, MEM_SIZE * 2n))).toBe('EINVAL');
    expect(errnoOf(rig.register(MEM + MEM_SIZE, 0n))).toBe('ENOMEM');
    expect(rig.register(MEM + MEM_SIZE, 0x10000n).ok).toBe(true); // adjacent is fine
  });

  it('enables the container: MAP is no longer EPERM', () => {
    const rig = new Rig();
    expect(rig.st.enabled).toBe(false);
    rig.register();
    expect(rig.st.enabled).toBe(true);
    expect(rig.map(0n, 0x10000n).ok).toBe(true);
  });

  it('is ENOTTY on a v1 container', () => {
    expect(errnoOf(new Rig({ v2: false }).register())).toBe('ENOTTY');
  });
});

describe('UNREGISTER_MEMORY', () => {
  it('twice: the second is ENOENT; a different size is ENOENT', () => {
    const rig = new Rig();
    rig.register();
    expect(errnoOf(rig.unregister(MEM, 0x10000n))).toBe('ENOENT');
    expect(rig.unregister().ok).toBe(true);
    expect(errnoOf(rig.unregister())).toBe('ENOENT');
  });

  it('before anything set container->mm it is EPERM', () => {
    expect(errnoOf(new Rig().unregister())).toBe('EPERM');
  });

  it('while a TCE still maps the memory it returns 0 (the EBUSY is discarded) and the region leaks', () => {
    const rig = new Rig();
    rig.register();
    rig.create(16, 4n * GiB, 1);
    rig.map(DDW, 0x20000n);
    const r = rig.unregister();
    expect(r.ok).toBe(true);
    expect(r.ok && r.note).toMatch(/EBUSY of the last mm_iommu_put is discarded/);
    expect(rig.st.bugs).toHaveLength(1);
    const [region] = rig.st.prereg.toArray();
    expect(region).toMatchObject({ inContainer: false, mapped: 2n, used: 1 });
    // The region is still on the mm, so MAP still finds it; a second UNREGISTER is ENOENT;
    // registering it again takes it back.
    expect(rig.map(DDW + 0x100000n, 0x10000n).ok).toBe(true);
    expect(errnoOf(rig.unregister())).toBe('ENOENT');
    expect(rig.register().ok).toBe(true);
    expect(rig.st.prereg.toArray()[0]).toMatchObject({ inContainer: true, used: 2 });
  });

  it('after the TCEs are gone the region can be unregistered and MAP then fails', () => {
    const rig = new Rig();
    rig.register();
    rig.map(0n, 0x10000n);
    rig.unmap(0n, 0x10000n);
    expect(rig.unregister().ok).toBe(true);
    expect(rig.st.prereg.size).toBe(0);
    expect(errnoOf(rig.map(0n, 0x10000n))).toBe('EINVAL');
    expect(rig.st.enabled).toBe(true); // enabled stays set
  });
});
