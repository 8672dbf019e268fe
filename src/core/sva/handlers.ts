// Handlers of the sva ops (scenario/ops-sva.ts).

import type { SVA_OPS } from '../scenario/ops-sva';
import type { HandlerTable } from '../sim/handler';

export const svaHandlers: Pick<HandlerTable, keyof typeof SVA_OPS> = {};
