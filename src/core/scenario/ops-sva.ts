// Ops of PASID and SVA (drivers/iommu/iommu-sva.c, io-pgfault.c), of the process lifecycle that
// decides when a PASID dies (kernel/exit.c, fs/exec.c, arch/x86 arch_prctl), and of the global
// PASID allocator. Merged into OPS by ops.ts. Kernel-internal calls (a driver binding an mm, the
// IOMMU reporting a page request) are steps too, named after the kernel function. The uacce
// char device (open("/dev/<uacce node>") binds the scenario process's mm, close unbinds) goes
// through the ordinary open/close ops; iommufd PASID attach is VFIO_DEVICE_ATTACH_IOMMUFD_PT with
// flags PASID (ops.ts).

import type { OpSpec } from './op-spec';
import { u64Field } from './op-spec';

export const FAULT_PERMS = ['READ', 'WRITE', 'EXEC', 'PRIV'] as const;
export const ARCH_PRCTL_OPTIONS = ['ARCH_ENABLE_TAGGED_ADDR', 'ARCH_FORCE_TAGGED_SVA'] as const;

const device = { kind: 'string', help: 'the scenario device (its id)' } as const;
const mm = { kind: 'string', help: 'a process name ("self" is the scenario\'s own process, whose fds the scenario opens); a process not running is started' } as const;

export const SVA_OPS = {
  iommu_sva_bind_device: {
    family: 'sva', as: 'required', help: "a kernel driver binds a process's mm to a device: the mm's PASID (one per mm, from the global IDA), an SVA domain shared by the mm's devices, an attach handle per (device, PASID); binding again returns the same handle",
    fields: { device, mm },
  },
  iommu_sva_unbind_device: {
    family: 'sva', help: "drop one user of an SVA handle; the last one detaches the PASID (entry torn down, caches flushed, page requests drained) and frees an unused domain; the PASID stays with the mm until the mm is freed",
    fields: { handle: { kind: 'handle', help: 'an iommu_sva_bind_device handle' } },
  },
  execve: {
    family: 'process', as: 'optional', help: "the process execs a program: it gets a new mm and its old mm goes (exit_mmap: PASID entries torn down); fds stay open. `as` names the new mm for inspect",
    fields: { mm },
  },
  process_exit: {
    family: 'process', help: "do_exit: exit_mm (the last mmput runs exit_mmap: the SVA drivers tear the mm's PASID entries down, handles/domains/PASID stay) then exit_files (for \"self\": every open fd is closed, lowest first)",
    fields: { mm },
  },
  arch_prctl: {
    family: 'process', help: 'x86 arch_prctl on the process: ARCH_ENABLE_TAGGED_ADDR (LAM, arg2 = tag bits) makes its page tables DMA-incompatible unless ARCH_FORCE_TAGGED_SVA was set first',
    fields: { mm, option: { kind: 'enum', values: ARCH_PRCTL_OPTIONS }, arg2: { kind: 'int', optional: true, help: 'ARCH_ENABLE_TAGGED_ADDR: the number of tag bits (1..6)' } },
  },
  iommu_alloc_global_pasid: {
    family: 'sva', as: 'required', help: 'a kernel driver (e.g. idxd) takes a PASID from the global IDA for its own domain; SVA binds then skip it',
    fields: { device },
  },
  iommu_free_global_pasid: {
    family: 'sva', help: 'the driver returns a PASID it took with iommu_alloc_global_pasid',
    fields: { handle: { kind: 'handle', help: 'an iommu_alloc_global_pasid handle' } },
  },
  iommu_report_device_fault: {
    family: 'sva', help: 'the IOMMU reports a page request (PRI) of the device; the last request of a group (last_page) is answered SUCCESS or INVALID by the fault handler at that PASID',
    fields: {
      device,
      pasid: { kind: 'int', optional: true, help: 'the PASID of the request (absent: no PASID)' },
      addr: u64Field('the faulting address'),
      perm: { kind: 'flags', values: FAULT_PERMS, help: 'IOMMU_FAULT_PERM_* asked for' },
      last_page: { kind: 'int', optional: true, help: '1 (default): last request of its page request group; 0: more follow' },
      grpid: { kind: 'int', help: 'page request group index' },
    },
  },
  // Not a kernel call: a probe of what the IOMMU does with one DMA of the device (like SIM_DATAPATH).
  SIM_DMA: {
    family: 'sva', help: 'probe: one DMA of the device (with a PASID or not) - translated, page request, or fault (reported or suppressed)',
    fields: { device, pasid: { kind: 'int', optional: true, help: 'the PASID of the DMA (absent: no PASID)' }, addr: u64Field('the address the device uses') },
  },
} as const satisfies Record<string, OpSpec>;
