// Parsed scenario types. 64-bit fields are bigint after parsing.

import type { Errno } from '../errno';
import type { PlatformName, PlatformOverrides } from '../platform/presets';
import type { OpName } from './ops';

export interface DeviceSpec {
  readonly id: string;
  readonly bdf?: string;
  readonly group: number;
  readonly kind?: 'pci' | 'mock' | 'vdpa';
  readonly parent?: 'mlx5' | 'vdpa_sim' | 'platform-iommu';
  readonly max_pasids?: number;
  /** The device's VFIO driver implements pasid_attach_ioas (default true: vfio-pci, v6.15+). */
  readonly pasid_attach_ioas?: boolean;
  /** uacce node name registered by its accelerator driver, e.g. "hisi_zip-0" (/dev/hisi_zip-0). */
  readonly uacce?: string;
  readonly label?: string;
}

export interface Expect {
  readonly ok?: boolean;
  readonly errno?: Errno;
  readonly out?: Readonly<Record<string, unknown>>;
}

/**
 * Set on the primitive steps a macro (scenario/macros.ts) expanded into, so that the timeline can
 * group them: the macro's id, its name, the step's position in the expansion and its length.
 */
export interface MacroRef {
  readonly id: string;
  readonly name: string;
  readonly index: number;
  readonly count: number;
  /** Parameters of the reboot cost estimate (vhost/cost.ts), on the QEMU macros. */
  readonly cost?: { readonly seconds_per_gib: number; readonly backing_page_size: bigint };
}

/** A validated step: `op`, its uAPI fields (bigint for 64-bit ones), and the meta fields. */
export interface Step {
  readonly op: OpName;
  readonly as?: string;
  readonly note?: string;
  readonly expect?: Expect;
  readonly macro?: MacroRef;
  readonly [field: string]: unknown;
}

export interface KernelOptions {
  readonly vfio_container: 'legacy' | 'iommufd';
  /** vfio_iommu_type1's dma_entry_limit module parameter; absent = 65535. */
  readonly dma_entry_limit?: number;
  /** vhost_vdpa's max_iotlb_entries module parameter (entries per ASID); absent = 2048. */
  readonly vhost_vdpa_max_iotlb_entries?: number;
}

export interface Scenario {
  readonly format: 'iova-atlas.scenario';
  readonly version: 1;
  readonly title?: string;
  readonly description?: string;
  readonly platform: PlatformName;
  readonly platform_overrides?: PlatformOverrides;
  readonly kernel?: Partial<KernelOptions>;
  readonly devices: readonly DeviceSpec[];
  readonly steps: readonly Step[];
}

/** A validation problem, located as precisely as possible. */
export interface ScenarioIssue {
  /** A path like `steps[4].iova` or `devices[1].group`, or `(json)` for syntax errors. */
  readonly where: string;
  readonly step?: number;
  readonly field?: string;
  readonly message: string;
}

export type ParseResult = { ok: true; scenario: Scenario; warnings: ScenarioIssue[] } | { ok: false; issues: ScenarioIssue[] };
