// Ops of vhost-vdpa (drivers/vhost/vdpa.c). Merged into OPS by ops.ts.

import type { OpSpec } from './op-spec';

export const VHOST_OPS = {} as const satisfies Record<string, OpSpec>;
