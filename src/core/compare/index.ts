// Compare mode's core: one scenario on two configurations (platform, platform_overrides, kernel
// options), steps aligned, the first divergence as the headline. Pure: runs in the worker, in
// Node tests and in the CLI.
//
//   const { a, b } = defaultVariants(scenario);        // or variantOf / onPlatform / your own
//   const r = compareRuns(scenario, a, b);
//   r.headline; r.first; r.rows[i].verdict / .state / .differences; r.incompatibilities
//
// What "divergence" means, most important first: one side fails and the other succeeds; both
// fail with different errno; both succeed with a different output (`inspect` outputs only when
// they have the same shape); or the same answer but the step changed the IOVA -> user VA
// translations differently (dma-state.ts says exactly what is compared).

export { compareRuns, DEFAULT_STATE_BUDGET } from './compare';
export type { CompareOptions } from './compare';
export { incompatibilities } from './compat';
export { runsOf, sourcesOf } from './dma-state';
export type { Source } from './dma-state';
export { SideTracker } from './tracker';
export type { KeyStep } from './tracker';
export { changesBetween, coalesce, firstDifference } from './translations';
export type { TranslationChange } from './translations';
export {
  applyVariant, DEFAULT_DMA_ENTRY_LIMIT, DEFAULT_MAX_IOTLB_ENTRIES, defaultVariants, describeVariant, kernelOf, onPlatform,
  isVariantSpec, resolveVariant, sameVariant, sideLabels, specOf, usesVfioContainer, variantOf,
} from './variant';
export type { VariantSpec } from './variant';
export { differenceWords, outcomeWords, rowSentence } from './words';
export type {
  CompareResult, CompareRow, Incompatibility, Run, Side, SideInfo, StateDifference, StateEntry, StateRelation, Variant, Verdict, VerdictKind,
} from './types';
export { formatCompareParam, parseCompareParam } from './param';
export type { CompareParam } from './param';
