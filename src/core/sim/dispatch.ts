// Every op of the table in scenario/ops.ts has exactly one handler here (the type checks it).
// The vhost, SVA and KVM ops run code that is loaded only for scenarios that use them
// (core/beyond): their handlers here look it up at the step, through beyond().

import { beyond } from '../beyond/registry';
import { iommufdHandlers } from '../iommufd/handlers';
import { close, open } from '../process/files';
import { mmap, munmap } from '../process/memory';
import { KVM_OPS } from '../scenario/ops-kvm';
import { SVA_OPS } from '../scenario/ops-sva';
import { VHOST_OPS } from '../scenario/ops-vhost';
import { vfioHandlers } from '../vfio/handlers';
import type { Handler, HandlerTable } from './handler';
import { inspect } from './inspect';

/** The ops whose handlers are beyond VFIO's (core/beyond/index.ts: beyondHandlers). */
export type BeyondOp = keyof typeof VHOST_OPS | keyof typeof SVA_OPS | keyof typeof KVM_OPS;

const BEYOND_OPS = [...Object.keys(VHOST_OPS), ...Object.keys(SVA_OPS), ...Object.keys(KVM_OPS)] as BeyondOp[];

const beyondHandlers = Object.fromEntries(
  BEYOND_OPS.map((op): [BeyondOp, Handler] => [op, (sim, step) => beyond().beyondHandlers[op](sim, step)]),
) as Record<BeyondOp, Handler>;

export const HANDLERS: HandlerTable = {
  open, close, mmap, munmap,
  ...vfioHandlers,
  ...iommufdHandlers,
  ...beyondHandlers,
  inspect,
};
