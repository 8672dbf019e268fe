// KVM_SET_USER_MEMORY_REGION (virt/kvm/kvm_main.c, v6.12): the guest memory slots through which
// H_PUT_TCE turns a guest physical address into the user address VFIO preregistered.
//
// Checked in the kernel's order. Not modelled: access_ok on userspace_addr (the process's
// address-space limit), and the total page count across slots (it cannot overflow here).

import { fail, ok } from '../errno';
import type { Handler } from '../sim/handler';
import { arg } from '../sim/handler';
import type { Sim } from '../sim/sim';
import { hex, U64_MAX } from '../u64';
import { kvmOf, pageShiftOf, SRC } from './common';
import type { Memslot } from './types';

/** KVM_USER_MEM_SLOTS on powerpc (arch/powerpc/include/asm/kvm_host.h); 32767 on x86. */
function userMemSlots(sim: Sim): number {
  return sim.state.platform.arch === 'ppc64le' ? 512 : 32767;
}
/** KVM_MEM_MAX_NR_PAGES: dirty bitmaps are indexed with an int. */
const MAX_NR_PAGES = (1n << 31n) - 1n;

export const setUserMemoryRegion: Handler = (sim, step) => {
  const slot = arg.int(step, 'slot');
  const flags = arg.flags(step, 'flags');
  const gpa = arg.u64(step, 'guest_phys_addr');
  const size = arg.u64(step, 'memory_size');
  const hva = arg.u64(step, 'userspace_addr');
  // kvm_vm_ioctl_set_memory_region
  if ((slot & 0xffff) >= userMemSlots(sim)) {
    return fail('EINVAL', `slot id ${slot & 0xffff} is not below KVM_USER_MEM_SLOTS (${userMemSlots(sim)})`, SRC.memslotIoctl);
  }
  // check_memory_region_flags: READONLY only where the architecture has read-only memslots
  // (CONFIG_HAVE_KVM_READONLY_MEM: x86, arm64, ...; powerpc does not select it).
  if (flags.includes('READONLY') && sim.state.platform.arch === 'ppc64le') {
    return fail('EINVAL', 'KVM_MEM_READONLY: powerpc KVM has no read-only memory slots (HAVE_KVM_READONLY_MEM is not selected)', SRC.memslot);
  }
  const page = 1n << BigInt(pageShiftOf(sim));
  const mask = page - 1n;
  if ((size & mask) !== 0n) return fail('EINVAL', `memory_size ${hex(size)} is not a multiple of PAGE_SIZE (${hex(page)})`, SRC.memslot);
  if ((gpa & mask) !== 0n) return fail('EINVAL', `guest_phys_addr ${hex(gpa)} is not a multiple of PAGE_SIZE (${hex(page)})`, SRC.memslot);
  if ((hva & mask) !== 0n) return fail('EINVAL', `userspace_addr ${hex(hva)} is not a multiple of PAGE_SIZE (${hex(page)})`, SRC.memslot);
  // as_id >= kvm_arch_nr_memslot_as_ids: one address space, two on x86 (SMM; unverified for
  // VMs with private memory, which have one).
  const asId = slot >>> 16;
  const asIds = sim.state.platform.arch === 'x86_64' ? 2 : 1;
  if (asId >= asIds) return fail('EINVAL', `address space ${asId} (slot >> 16) does not exist (${asIds} on this architecture)`, SRC.memslot);
  if (gpa + size > U64_MAX) return fail('EINVAL', `guest_phys_addr ${hex(gpa)} + memory_size ${hex(size)} wraps past 2^64`, SRC.memslot);
  const pageShift = BigInt(pageShiftOf(sim));
  if (size >> pageShift > MAX_NR_PAGES) return fail('EINVAL', `memory_size ${hex(size)} is more than KVM_MEM_MAX_NR_PAGES (2^31 - 1) pages`, SRC.memslot);
  const kvm = kvmOf(sim);
  const id = slot;
  const old = kvm.memslots.get(id);
  if (size === 0n) {
    if (!old) return fail('EINVAL', `memory_size 0 deletes a slot, and slot ${id} does not exist`, SRC.memslot);
    kvm.memslots.delete(id);
    return ok({}, { note: `Slot ${id} deleted.` });
  }
  if (old) {
    if (hva !== old.hva || size !== old.size || flags.includes('READONLY') !== old.flags.includes('READONLY')) {
      return fail('EINVAL', `slot ${id} exists: only its guest address or its dirty-logging flag can change (userspace_addr, size and READONLY cannot)`, SRC.memslot);
    }
    if (gpa === old.gpa) {
      if (sameFlags(flags, old.flags)) return ok({}, { note: 'Nothing to change.' });
      kvm.memslots.set(id, { ...old, flags: [...flags] });
      return ok();
    }
  }
  const clash = overlapping(sim, id, gpa, size);
  if (clash) {
    return fail('EEXIST', `guest range [${hex(gpa)}, +${hex(size)}) overlaps slot ${clash.slot} [${hex(clash.gpa)}, +${hex(clash.size)})`, SRC.memslot);
  }
  kvm.memslots.set(id, { slot: id, flags: [...flags], gpa, size, hva });
  return ok();
};

function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f) => b.includes(f));
}

/** kvm_check_memslot_overlap: another slot (not `id` itself) in the guest page range. */
function overlapping(sim: Sim, id: number, gpa: bigint, size: bigint): Memslot | undefined {
  const last = gpa + size - 1n;
  for (const m of kvmOf(sim).memslots.values()) {
    if (m.slot !== id && m.gpa <= last && gpa <= m.gpa + m.size - 1n) return m;
  }
  return undefined;
}

/**
 * kvmppc_tce_to_ua: the slot holding guest frame `tce >> PAGE_SHIFT` gives the user address of
 * that page; the TCE's low bits (less R/W) are the offset in it. null: no slot (H_TOO_HARD).
 */
export function tceToUa(sim: Sim, tce: bigint, rwMask: bigint): bigint | null {
  const shift = BigInt(pageShiftOf(sim));
  const gfn = tce >> shift;
  for (const m of kvmOf(sim).memslots.values()) {
    const base = m.gpa >> shift;
    if (gfn >= base && gfn < base + (m.size >> shift)) {
      const pageMask = (1n << shift) - 1n;
      return m.hva + ((gfn - base) << shift) + (tce & pageMask & ~rwMask);
    }
  }
  return null;
}

/** For inspect: the slots sorted by guest address. */
export function memslotsOut(sim: Sim): Record<string, unknown>[] {
  return [...kvmOf(sim).memslots.values()].sort((a, b) => (a.gpa < b.gpa ? -1 : 1)).map((m) => ({
    slot: m.slot, guest_phys_addr: m.gpa, memory_size: m.size, userspace_addr: m.hva, flags: [...m.flags],
  }));
}
