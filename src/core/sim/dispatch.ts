// Every op of the table in scenario/ops.ts has exactly one handler here (the type checks it).

import { iommufdHandlers } from '../iommufd/handlers';
import { kvmHandlers } from '../kvm/handlers';
import { close, open } from '../process/files';
import { mmap, munmap } from '../process/memory';
import { svaHandlers } from '../sva/handlers';
import { vfioHandlers } from '../vfio/handlers';
import { vhostHandlers } from '../vhost/handlers';
import type { HandlerTable } from './handler';
import { inspect } from './inspect';

export const HANDLERS: HandlerTable = {
  open, close, mmap, munmap,
  ...vfioHandlers,
  ...iommufdHandlers,
  ...vhostHandlers,
  ...svaHandlers,
  ...kvmHandlers,
  inspect,
};
