// Shared bits of the KVM family: kernel source locations, the VM's state, and small helpers.

import type { StepFail } from '../errno';
import { fail } from '../errno';
import type { Sim } from '../sim/sim';
import type { ContainerState, FileState, SpaprState } from '../sim/state';
import { fls, U64_MAX } from '../u64';
import type { KvmState } from './types';

const VIO = 'arch/powerpc/kvm/book3s_64_vio.c';
const KVFIO = 'virt/kvm/vfio.c';
export const SRC = {
  vmIoctl: 'arch/powerpc/kvm/powerpc.c: kvm_arch_vm_ioctl',
  create: `${VIO}: kvm_vm_ioctl_create_spapr_tce`,
  attach: `${VIO}: kvm_spapr_tce_attach_iommu_group`,
  releaseGroup: `${VIO}: kvm_spapr_tce_release_iommu_group`,
  releaseFd: `${VIO}: kvm_spapr_tce_release`,
  putTce: `${VIO}: kvmppc_h_put_tce`,
  iobaValidate: 'arch/powerpc/include/asm/kvm_ppc.h: kvmppc_ioba_validate',
  tceValidate: `${VIO}: kvmppc_tce_validate`,
  doMap: `${VIO}: kvmppc_tce_iommu_do_map`,
  doUnmap: `${VIO}: kvmppc_tce_iommu_do_unmap`,
  fileAdd: `${KVFIO}: kvm_vfio_file_add`,
  fileDel: `${KVFIO}: kvm_vfio_file_del`,
  setSpaprTce: `${KVFIO}: kvm_vfio_file_set_spapr_tce`,
  setFile: `${KVFIO}: kvm_vfio_set_file`,
  memslot: 'virt/kvm/kvm_main.c: kvm_set_memory_region',
  memslotIoctl: 'virt/kvm/kvm_main.c: kvm_vm_ioctl_set_memory_region',
} as const;

/** TCE_PCI_READ / TCE_PCI_WRITE (arch/powerpc/include/asm/tce.h). */
export const TCE_READ = 1n;
export const TCE_WRITE = 2n;

/** H_* return values by name (arch/powerpc/include/asm/hvcall.h). */
export type HcallRet = 'H_SUCCESS' | 'H_PARAMETER' | 'H_TOO_HARD';

export function kvmOf(sim: Sim): KvmState {
  return sim.state.kvm;
}

/** Book3S KVM with CONFIG_SPAPR_TCE_IOMMU: the hosts whose platform has sPAPR TCE tables. */
export function ppcHost(sim: Sim): boolean {
  return sim.state.platform.spapr !== null;
}

/** PAGE_SHIFT of the host kernel (16 on the usual 64 KiB-page ppc64 kernels). */
export function pageShiftOf(sim: Sim): number {
  return fls(sim.state.platform.pageSize);
}

/** C's u64 `a << s` (s < 64): the low 64 bits. */
export function shl(a: bigint, s: number): bigint {
  return (a << BigInt(s)) & U64_MAX;
}

/** C's u64 `a + b`: wraps. */
export function add(a: bigint, b: bigint): bigint {
  return (a + b) & U64_MAX;
}

/** The fd a handle names and its file, or EBADF as fdget reports it. */
export function fdget(sim: Sim, name: unknown, src: string, what: string): { fd: number; file: FileState } | StepFail {
  const fd = sim.fdOf(name);
  const file = sim.file(fd);
  if (!file) return fail('EBADF', `${what} (fd ${fd}) is not an open fd`, src);
  return { fd, file };
}

export function isFail<T extends object>(x: T | StepFail): x is StepFail {
  return 'ok' in x && (x as StepFail).ok === false;
}

/** The legacy container and its sPAPR backend whose window slots hold `st`'s tables. */
export function containerOfBackend(sim: Sim, st: SpaprState): ContainerState | undefined {
  for (const c of sim.state.containers.values()) if (c.iommu === st) return c;
  return undefined;
}

/** A container's sPAPR backend, if it has one right now. */
export function spaprOf(c: ContainerState | undefined): SpaprState | null {
  return c?.iommu?.kind === 'spapr' ? c.iommu : null;
}

/** The handle name user space gave a container fd, or container#<id> when no open fd names it. */
export function containerName(sim: Sim, id: number): string {
  for (const [name, h] of sim.state.handles) {
    if (h.kind !== 'fd') continue;
    const f = sim.file(h.fd);
    if (f?.kind === 'vfio-container' && f.container === id) return name;
  }
  return `container#${id}`;
}
