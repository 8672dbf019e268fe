// The errno values the simulated kernel can return, and the shape of a step's outcome.

export const ERRNOS = [
  'EPERM', 'ENOENT', 'EIO', 'EACCES', 'ENXIO', 'E2BIG', 'EBADF', 'ENOMEM', 'EFAULT', 'EBUSY', 'EEXIST',
  'ENODEV', 'EINVAL', 'ENOSPC', 'ENOTTY', 'ESPIPE', 'EDEADLK', 'EMSGSIZE', 'EOPNOTSUPP',
  'EADDRINUSE', 'ENOBUFS', 'EOVERFLOW', 'EBADFD', 'ENOTSUPP', 'ERANGE', 'ENOSYS',
] as const;
export type Errno = (typeof ERRNOS)[number];

/** Numeric values as on x86-64 Linux (asm-generic/errno*.h), for display. */
export const ERRNO_NUMBER: Record<Errno, number> = {
  EPERM: 1, ENOENT: 2, EIO: 5, EACCES: 13, ENXIO: 6, E2BIG: 7, EBADF: 9, ENOMEM: 12, EFAULT: 14, EBUSY: 16,
  EEXIST: 17, ENODEV: 19, EINVAL: 22, ENOSPC: 28, ESPIPE: 29, ENOTTY: 25, ERANGE: 34, EDEADLK: 35,
  EMSGSIZE: 90, EOPNOTSUPP: 95, EADDRINUSE: 98, ENOBUFS: 105, EOVERFLOW: 75, EBADFD: 77, ENOTSUPP: 524, ENOSYS: 38,
};

/** A kernel source location: "drivers/vfio/vfio_iommu_type1.c: vfio_dma_do_unmap". */
export type Source = string;

/** Output fields of a successful step; 64-bit values are bigint until serialized. */
export type Out = Record<string, unknown>;

export type StepOk = { ok: true; out: Out; ret?: number | string; note?: string };
export type StepFail = {
  ok: false;
  errno: Errno;
  reason: string;
  source: Source;
  /** Where the kernel is not atomic and a failing call left partial effects (said in reason too). */
  partial?: boolean;
};
export type StepOutcome = StepOk | StepFail;

export function ok(out: Out = {}, extra?: { ret?: number | string; note?: string }): StepOk {
  return { ok: true, out, ...extra };
}

export function fail(errno: Errno, reason: string, source: Source, partial?: boolean): StepFail {
  return partial ? { ok: false, errno, reason, source, partial } : { ok: false, errno, reason, source };
}

/**
 * Internal control flow for deep helpers: throw a KernelError, the op dispatcher turns it
 * into a StepFail. Handlers that return StepFail directly are equally fine.
 */
export class KernelError extends Error {
  constructor(
    readonly errno: Errno,
    readonly reason: string,
    readonly source: Source,
    readonly partial = false,
  ) {
    super(`${errno}: ${reason} (${source})`);
  }
  toFail(): StepFail {
    return fail(this.errno, this.reason, this.source, this.partial || undefined);
  }
}

export function kfail(errno: Errno, reason: string, source: Source): never {
  throw new KernelError(errno, reason, source);
}
