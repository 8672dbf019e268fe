// Ops of KVM sPAPR TCE tables and the kvm-vfio device (arch/powerpc/kvm, virt/kvm/vfio.c). Merged into OPS by ops.ts.

import type { OpSpec } from './op-spec';

export const KVM_OPS = {} as const satisfies Record<string, OpSpec>;
