// Ops of PASID and SVA (drivers/iommu/iommu-sva.c). Merged into OPS by ops.ts.

import type { OpSpec } from './op-spec';

export const SVA_OPS = {} as const satisfies Record<string, OpSpec>;
