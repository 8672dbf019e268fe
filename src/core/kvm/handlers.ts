// Handlers of the kvm ops (scenario/ops-kvm.ts).

import type { KVM_OPS } from '../scenario/ops-kvm';
import type { HandlerTable } from '../sim/handler';

export const kvmHandlers: Pick<HandlerTable, keyof typeof KVM_OPS> = {};
