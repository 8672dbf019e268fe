// The explorer's view-model builders (pure; the worker calls them on every seek).

export { buildSnapshot, diffSnapshots, NO_CHANGES, snapshotTransferables, stepChanges } from './snapshot';
export { walkSpace } from './walk';
export { nodeId, parseSpaceId, spaceId } from './ids';
export type * from './types';
