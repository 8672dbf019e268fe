// Handlers of the vhost ops (scenario/ops-vhost.ts).

import type { VHOST_OPS } from '../scenario/ops-vhost';
import type { HandlerTable } from '../sim/handler';

export const vhostHandlers: Pick<HandlerTable, keyof typeof VHOST_OPS> = {};
