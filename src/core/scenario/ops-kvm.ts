// Ops of KVM sPAPR TCE tables and the kvm-vfio device (arch/powerpc/kvm, virt/kvm/vfio.c). Merged into OPS by ops.ts.
// KVM ops act on the scenario's one VM (and its one kvm-vfio device): they take no VM fd.

import type { OpSpec } from './op-spec';
import { u64Field } from './op-spec';

const u64 = u64Field;
const groupfd = { kind: 'handle', help: 'a VFIO group fd (the kvm-vfio device also takes a VFIO device fd)' } as const;

export const KVM_MEM_FLAGS = ['LOG_DIRTY_PAGES', 'READONLY'] as const;

export const KVM_OPS = {
  // Not in the contract's minimum table: the guest RAM H_PUT_TCE translates through (QEMU sets
  // it before the guest runs). Without any memory slot every mapping TCE is H_TOO_HARD.
  KVM_SET_USER_MEMORY_REGION: {
    family: 'kvm', help: 'add, move or delete a guest memory slot (guest physical -> user address)',
    fields: {
      slot: { kind: 'int', help: 'slot id (address space << 16 | id)' },
      flags: { kind: 'flags', values: KVM_MEM_FLAGS, optional: true },
      guest_phys_addr: u64('guest physical address'),
      memory_size: u64('bytes (0 deletes the slot)'),
      userspace_addr: u64('user address backing the slot'),
    },
  },
  KVM_CREATE_SPAPR_TCE_64: {
    family: 'kvm', as: 'required', help: "create the guest-visible TCE table of one LIOBN (a guest DMA window); returns its fd",
    fields: {
      liobn: u64('logical I/O bus number'),
      page_shift: { kind: 'int', help: 'IOMMU page shift of the guest window (12..34)' },
      offset: u64('bus offset, in IOMMU pages'),
      size: u64('window size, in IOMMU pages'),
      flags: { kind: 'int', optional: true, help: 'must be 0' },
    },
  },
  KVM_DEV_VFIO_GROUP_ADD: { family: 'kvm', help: "add a VFIO group to the VM's kvm-vfio device (KVM holds the group file)", fields: { groupfd } },
  KVM_DEV_VFIO_GROUP_DEL: { family: 'kvm', help: "remove a VFIO group from the kvm-vfio device (drops its TCE table links)", fields: { groupfd } },
  KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE: {
    family: 'kvm', help: "link a group's matching hardware TCE table to a LIOBN table (in-kernel H_PUT_TCE acceleration)",
    fields: { groupfd, tablefd: { kind: 'handle', help: 'the LIOBN table fd (KVM_CREATE_SPAPR_TCE_64)' } },
  },
  H_PUT_TCE: {
    family: 'kvm', help: 'guest hypercall: set one TCE of a LIOBN table (and of every linked hardware table)',
    fields: {
      liobn: u64('logical I/O bus number'),
      ioba: u64('I/O bus address of the entry'),
      tce: u64('guest physical address | TCE_PCI_WRITE (2) | TCE_PCI_READ (1); no R/W bit clears'),
    },
  },
} as const satisfies Record<string, OpSpec>;
