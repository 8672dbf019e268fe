// The view-model builders the worker calls (src/core/view), behind one import: the worker
// depends on these two functions only.

export { buildSnapshot, walkSpace } from '../core/view';
