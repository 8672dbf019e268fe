// fdget in the ioctl path, shared by the VFIO group and container handlers.

import type { StepFail } from '../errno';
import { fail } from '../errno';
import type { Sim } from '../sim/sim';
import type { FileState } from '../sim/state';

export type Opened = { fd: number; file: FileState };

/** The open file behind a handle; a closed or never-opened fd is EBADF. */
export function openedFile(sim: Sim, name: unknown): Opened | StepFail {
  const fd = sim.fdOf(name);
  const file = sim.file(fd);
  if (!file) return fail('EBADF', `fd ${fd} is not open`, 'fs/ioctl.c: ksys_ioctl');
  return { fd, file };
}

export function isFail(x: Opened | StepFail): x is StepFail {
  return 'ok' in x;
}
