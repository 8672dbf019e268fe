// The handler contract every op family implements.

import type { StepOutcome } from '../errno';
import type { OpName } from '../scenario/ops';
import type { Step } from '../scenario/types';
import type { Sim } from './sim';

/**
 * Runs one validated step against the simulated kernel. A handler checks in the kernel's
 * order and mutates state only where the kernel would (on failure, nearly always nothing).
 * It binds `step.as` itself on success (sim.bind); the runner binds an invalid value when a
 * creating step fails. It may return a StepFail or throw KernelError (kfail) from helpers.
 */
export type Handler = (sim: Sim, step: Step) => StepOutcome;

export type HandlerTable = { readonly [K in OpName]: Handler };

/** Typed field accessors: the schema has already checked presence and types. */
export const arg = {
  u64: (s: Step, k: string): bigint => s[k] as bigint,
  u64opt: (s: Step, k: string): bigint | undefined => s[k] as bigint | undefined,
  int: (s: Step, k: string): number => s[k] as number,
  intopt: (s: Step, k: string): number | undefined => s[k] as number | undefined,
  str: (s: Step, k: string): string => s[k] as string,
  flags: (s: Step, k: string): readonly string[] => (s[k] as string[] | undefined) ?? [],
  ranges: (s: Step, k: string): readonly { start: bigint; last: bigint }[] => s[k] as { start: bigint; last: bigint }[],
};
