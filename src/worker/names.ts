// The names of the workers that run background.worker.ts: the script picks its role by its
// worker's name. A module of its own so that the page can name a worker without importing
// (and bundling) the code that worker runs.

export const SIM_WORKER_NAME = 'iova-atlas-sim';
export const LINK_WORKER_NAME = 'iova-atlas links';
