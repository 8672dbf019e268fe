// Compare mode's data: one scenario run on two configurations ("sides"), aligned step by step.
// Pure data (structured-clone safe: the worker sends it as is; 64-bit values stay bigint).

import type { Errno } from '../errno';
import type { PlatformName, PlatformOverrides } from '../platform/presets';
import type { OpName } from '../scenario/ops';
import type { KernelOptions } from '../scenario/types';
import type { StepResult } from '../sim/run';
import type { u64 } from '../u64';

export type Side = 'a' | 'b';

/**
 * A configuration to run the scenario on: everything the scenario format lets a host differ in.
 * Fully specified (variant.ts builds one from a scenario plus the user's choices), so two
 * variants compare by value and a label can name exactly what differs.
 */
export interface Variant {
  readonly platform: PlatformName;
  /** null: the preset as is. */
  readonly platform_overrides: PlatformOverrides | null;
  readonly kernel: KernelOptions;
}

/** A reason the two configurations cannot be compared as asked, found before anything runs. */
export interface Incompatibility {
  readonly side: Side | 'both';
  /**
   * 'blocker': that side cannot run at all (the scenario is invalid there); nothing is compared.
   * 'warning': it runs, but some steps cannot mean the same thing on both sides; the steps are
   * run as written (the kernel's answer is shown), never rewritten.
   */
  readonly severity: 'blocker' | 'warning';
  /** The step it concerns, when there is one (the first such step). */
  readonly step?: number;
  readonly message: string;
  /** The rule's origin: a kernel source or the scenario contract. */
  readonly source: string;
}

/** One contiguous IOVA run translated to contiguous user VA (a mapping, after coalescing). */
export interface Run {
  readonly first: u64;
  readonly last: u64;
  /** The user virtual address of `first`. */
  readonly va: u64;
}

/**
 * What the state comparison looks at for one key: a handle that owns mappings (a container, an
 * IOAS, a vhost-vdpa IOTLB), or a VFIO device (the mappings its DMA goes through).
 */
export interface StateEntry {
  /** "handle container", "device nic0", "handle vdpa0 asid 0". */
  readonly key: string;
  /** How this side gets there, in words: "type1 container", "IOAS 1 via HWPT 3", "not attached". */
  readonly via: string;
  readonly runs: readonly Run[];
  /**
   * Kernel-bug findings the simulator flags on this object (a sPAPR container's TCEs written past
   * a window, pinned memory leaked at release): compared too, since one host may hit a bug the
   * other does not while translating the same way.
   */
  readonly bugs: readonly string[];
}

/** Where two sides' translations first disagree for one key. */
export interface StateDifference {
  readonly key: string;
  readonly viaA: string | null;
  readonly viaB: string | null;
  /** The first IOVA whose translation differs, and what each side translates it to (null: nothing). */
  readonly iova: u64;
  readonly a: Run | null;
  readonly b: Run | null;
  /** Runs each side has in all for this key (null: the key does not exist on that side). */
  readonly countA: number | null;
  readonly countB: number | null;
  /** When the translations agree but the bug findings do not: the first finding only one side has. */
  readonly bug?: { readonly side: Side; readonly message: string };
}

/**
 * How the two sides' DMA state relates after a step:
 * - same: every key translates identically;
 * - differs: they differ, exactly as they did before this step (the step did the same on both);
 * - diverged: this step changed the translations differently on the two sides;
 * - converged: they differed before and this step made them equal;
 * - unknown: not compared (a side did not run this step, or the comparison budget ran out).
 */
export type StateRelation = 'same' | 'differs' | 'diverged' | 'converged' | 'unknown';

/** How the two results of one step relate, most important first. */
export type Verdict =
  /** Same outcome, same out, and the state did not diverge at this step. */
  | { readonly kind: 'same' }
  /** One side succeeded, the other failed. */
  | { readonly kind: 'one-fails'; readonly failed: Side }
  /** Both failed, with different errno. */
  | { readonly kind: 'errno' }
  /** Both succeeded with different `out` (or `ret`); the top-level fields that differ. */
  | { readonly kind: 'out'; readonly fields: readonly string[] }
  /** Same answer, but the step changed the DMA state differently. */
  | { readonly kind: 'state' }
  /** At least one side did not run this step (a simulator bug stopped it, or it was blocked). */
  | { readonly kind: 'not-run'; readonly side: Side | 'both' };

export type VerdictKind = Verdict['kind'];

export interface CompareRow {
  readonly index: number;
  readonly op: OpName;
  readonly a: StepResult | null;
  readonly b: StepResult | null;
  readonly verdict: Verdict;
  readonly state: StateRelation;
  /**
   * For 'diverged' and 'converged' rows: the keys this step changed differently (capped), with the
   * first IOVA each now differs at (converged keys: where they differed before). Empty otherwise.
   */
  readonly differences: readonly StateDifference[];
  /** While the state differs: the step whose divergence it still is (null when it does not differ). */
  readonly differsSince: number | null;
  /**
   * An `inspect` step whose outputs have different shapes (a legacy container and an iommufd
   * context are different objects): the outputs are not compared, the state is.
   */
  readonly inspectNotComparable?: true;
}

export interface SideInfo {
  readonly variant: Variant;
  /** Short name for headings and sentences: "x86-vtd-48", "iommufd container", "ppc-powernv, dma_entry_limit 4". */
  readonly label: string;
  /** Steps that ran on this side. */
  readonly ran: number;
  /** A simulator bug stopped this side (the steps before it ran). */
  readonly bug: { readonly step: number | null; readonly message: string } | null;
}

export interface CompareResult {
  readonly a: SideInfo;
  readonly b: SideInfo;
  readonly incompatibilities: readonly Incompatibility[];
  /** True when a blocker stopped the comparison before anything ran (rows is empty). */
  readonly blocked: boolean;
  readonly rows: readonly CompareRow[];
  /** Indices of the rows whose verdict is not 'same', in order. */
  readonly divergences: readonly number[];
  /** The first divergence (the headline), or null when the two runs agree everywhere. */
  readonly first: number | null;
  /** One sentence: the first divergence, or that there is none. */
  readonly headline: string;
  /** The state was compared for steps 0 .. stateComparedUpTo - 1 (less than the rows when the budget ran out). */
  readonly stateComparedUpTo: number;
  /** Why the state comparison stopped early, if it did. */
  readonly stateNote: string | null;
}

export type { Errno, StepResult };
