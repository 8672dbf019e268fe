// KVM_CREATE_SPAPR_TCE_64 (kvm_vm_ioctl_create_spapr_tce) and closing the table fd.
import { describe, expect, it } from 'vitest';
import { createTce, DDW, hex, inspect, Script } from './helpers';

const L0 = 0x80000000n;

describe('KVM_CREATE_SPAPR_TCE_64', () => {
  it('checks size, page_shift and the u64 range in the kernel order, with EINVAL', () => {
    const r = new Script()
      .add('size0', createTce('a', L0, 12, 0n, 0n))
      .add('shift11', createTce('b', L0, 11, 0n, 1n))
      .add('shift35', createTce('c', L0, 35, 0n, 1n))
      .add('shift34', createTce('d', L0, 34, 0n, 1n))
      // offset + size > ULLONG_MAX >> 12: one page too many.
      .add('past', createTce('e', L0 + 1n, 12, (1n << 52n) - 1n, 1n))
      .add('fits', createTce('f', L0 + 2n, 12, (1n << 52n) - 2n, 1n))
      .add('flags', { op: 'KVM_CREATE_SPAPR_TCE_64', liobn: '0x1', page_shift: 12, offset: '0x0', size: '0x1', flags: 1, as: 'g' })
      .run();
    expect(r.errno('size0')).toBe('EINVAL');
    expect(r.errno('shift11')).toBe('EINVAL');
    expect(r.errno('shift35')).toBe('EINVAL');
    expect(r.errno('shift34')).toBeNull();
    expect(r.errno('past')).toBe('EINVAL');
    expect(r.errno('fits')).toBeNull();
    expect(r.errno('flags')).toBe('EINVAL');
  });

  it('refuses a LIOBN the VM already has (EBUSY), and frees it when the table fd is closed', () => {
    const r = new Script()
      .add('first', createTce('t0', L0, 12, 0n, 0x40000n))
      .add('dup', createTce('t1', L0, 16, DDW >> 16n, 0x4000n))
      .add('other', createTce('t2', L0 + 1n, 16, DDW >> 16n, 0x4000n))
      .add('close', { op: 'close', fd: 't0' })
      .add('again', createTce('t3', L0, 16, 0n, 0x4000n))
      .run();
    expect(r.errno('first')).toBeNull();
    expect(r.errno('dup')).toBe('EBUSY');
    expect(r.errno('other')).toBeNull();
    expect(r.errno('close')).toBeNull();
    expect(r.errno('again')).toBeNull();
    expect([...r.kvm.tables.values()].map((t) => hex(t.liobn))).toEqual(['0x80000001', '0x80000000']);
  });

  it('keeps offset and size exact at 1<<59 and reports the window in bytes', () => {
    const r = new Script()
      .add(null, createTce('ddw', 0x80000001n, 16, DDW >> 16n, 0x4000n))
      .add('i', inspect('ddw'))
      .run();
    expect(r.out('i')).toMatchObject({
      liobn: 0x80000001n, page_shift: 16, offset: 0x80000000000n, size: 0x4000n,
      window: { start: DDW, size: 1n << 30n }, groups: [], hw_tables: [], entries: [], tce_pages: { allocated: 0n, total: 2n },
    });
  });

  it('accepts an offset + size that wraps past 2^64 (the u64 sum passes the check)', () => {
    const r = new Script()
      .add('wrap', createTce('w', L0, 12, (1n << 64n) - 1n, 1n))
      .add('i', inspect('w'))
      .run();
    expect(r.errno('wrap')).toBeNull();
    expect(r.note('wrap')).toMatch(/wraps past 2\^64/);
    // offset << 12 wraps too: the window "starts" at 0xffff_ffff_ffff_f000.
    expect(r.out('i')).toMatchObject({ window: { start: 0xfffffffffffff000n, size: 0x1000n } });
  });

  it('fails with ENOMEM when the page-pointer array exceeds the largest kmalloc block (unverified)', () => {
    // 2^33 entries: 2^20 pages of TCEs, 8 MiB of page pointers: fits in a 16 MiB block.
    // 2^35 entries: 32 MiB of page pointers: does not. (The exact edge depends on the size of
    // the descriptor itself, which the simulator does not count.)
    const r = new Script()
      .add('max', createTce('a', L0, 12, 0n, 1n << 33n))
      .add('over', createTce('b', L0 + 1n, 12, 0n, 1n << 35n))
      .run();
    expect(r.errno('max')).toBeNull();
    expect(r.errno('over')).toBe('ENOMEM');
  });

  it('does not exist on x86 (ENOTTY from kvm_arch_vm_ioctl)', () => {
    const r = new Script().add('x', createTce('a', L0, 12, 0n, 1n)).run({ platform: 'x86-vtd-48', devices: [{ id: 'nic0', group: 1 }] });
    expect(r.errno('x')).toBe('ENOTTY');
  });

  it('a failed create leaves a handle that later steps see as fd -1 (EBADF)', () => {
    const r = new Script()
      .add(null, createTce('bad', L0, 12, 0n, 0n))
      .add('close', { op: 'close', fd: 'bad' })
      .run();
    expect(r.errno('close')).toBe('EBADF');
  });
});
