// What can be known before running: a side the scenario cannot run on at all (a blocker), and
// steps whose meaning depends on the host's uAPI rather than on its IOMMU geometry (warnings).
//
// Compare never rewrites steps: QEMU would send different ioctls on a different host (it probes
// VFIO_CHECK_EXTENSION and picks type1 on x86, sPAPR on PPC), but guessing that trace would be
// inventing one. The steps run as written and the kernel's answers are shown; the warnings say
// in advance where and why a host-specific uAPI will make them differ, so the first divergence
// is read for what it is.

import { PLATFORMS } from '../platform/presets';
import { OPS } from '../scenario/ops';
import type { Scenario } from '../scenario/types';
import { stringifyJson } from '../scenario/serialize';
import type { Incompatibility, Side, Variant } from './types';

const SPAPR_TYPES = new Set(['VFIO_SPAPR_TCE_IOMMU', 'VFIO_SPAPR_TCE_v2_IOMMU']);
const TYPE1_TYPES = new Set(['VFIO_TYPE1_IOMMU', 'VFIO_TYPE1v2_IOMMU']);
/** KVM's sPAPR TCE ops exist only in arch/powerpc/kvm. */
const KVM_SPAPR_OPS = new Set(['KVM_CREATE_SPAPR_TCE_64', 'KVM_DEV_VFIO_GROUP_SET_SPAPR_TCE', 'H_PUT_TCE']);

export function incompatibilities(s: Scenario, a: Variant, b: Variant): Incompatibility[] {
  const out: Incompatibility[] = [];
  const sides: [Side, Variant][] = [['a', a], ['b', b]];
  for (const [side, v] of sides) out.push(...blockers(s, side, v));
  for (const [side, v] of sides) out.push(...uapiWarnings(s, side, v), ...overrideWarnings(s, side, v));
  return mergeBothSides(out);
}

/** The scenario would be refused on this side's platform (parse.ts checkSemantics has the same rule). */
function blockers(s: Scenario, side: Side, v: Variant): Incompatibility[] {
  const out: Incompatibility[] = [];
  if (v.platform === 'selftest-mock') {
    const byGroup = new Map<number, string[]>();
    for (const d of s.devices) byGroup.set(d.group, [...(byGroup.get(d.group) ?? []), d.id]);
    for (const [group, ids] of byGroup) {
      if (ids.length < 2) continue;
      out.push({
        side, severity: 'blocker',
        message: `selftest-mock gives every mock device its own iommu_group, but group ${group} has ${ids.map((x) => `"${x}"`).join(' and ')}; ` +
          'which device would go where is not something compare can guess: give each device its own group in the scenario to compare on selftest-mock',
        source: 'drivers/iommu/iommufd/selftest.c: mock_dev_create (one group per mock device)',
      });
    }
  }
  return out;
}

/** Steps whose uAPI the side's host does not have: they will fail there, whatever the geometry. */
function uapiWarnings(s: Scenario, side: Side, v: Variant): Incompatibility[] {
  const p = PLATFORMS[v.platform];
  const spaprHost = p.spapr !== null;
  const ppc = p.arch === 'ppc64le';
  const out: Incompatibility[] = [];
  const once = new Set<string>();
  const add = (key: string, x: Incompatibility): void => {
    if (once.has(key)) return;
    once.add(key);
    out.push(x);
  };
  s.steps.forEach((st, i) => {
    if (st.op === 'VFIO_SET_IOMMU' && typeof st.type === 'string') {
      if (SPAPR_TYPES.has(st.type) && v.kernel.vfio_container === 'iommufd') {
        add('spapr-compat', {
          side, severity: 'warning', step: i,
          message: `step ${i} selects ${st.type}, but with the iommufd container /dev/vfio/vfio is iommufd's VFIO compatibility layer, which implements only the type1 types; the container's later ioctls fail there`,
          source: 'drivers/iommu/iommufd/vfio_compat.c: iommufd_vfio_set_iommu',
        });
      } else if (SPAPR_TYPES.has(st.type) && !spaprHost) {
        add('spapr-type', {
          side, severity: 'warning', step: i,
          message: `step ${i} selects ${st.type}, which only PPC hosts have (the sPAPR TCE driver); on ${v.platform} the container gets no IOMMU and its later ioctls fail. ` +
            'QEMU would have picked VFIO_TYPE1v2_IOMMU there and sent other ioctls; compare runs the steps as written',
          source: 'drivers/vfio/Kconfig: VFIO_IOMMU_SPAPR_TCE',
        });
      } else if (TYPE1_TYPES.has(st.type) && spaprHost && v.kernel.vfio_container === 'legacy') {
        add('type1-type', {
          side, severity: 'warning', step: i,
          message: `step ${i} selects ${st.type}, which ${v.platform} does not build (VFIO selects type1 only on x86, s390, arm and arm64); the container gets no IOMMU and its later ioctls fail. ` +
            'QEMU would have picked VFIO_SPAPR_TCE_v2_IOMMU there (with preregistration and windows); compare runs the steps as written',
          source: 'drivers/vfio/Kconfig: VFIO (select VFIO_IOMMU_TYPE1 if MMU && (X86 || S390 || ARM || ARM64))',
        });
      }
    }
    if (OPS[st.op].family === 'spapr' && !spaprHost) {
      add('spapr-op', {
        side, severity: 'warning', step: i,
        message: `step ${i} (${st.op}) is a sPAPR-only container ioctl: no ${v.platform} IOMMU backend implements it`,
        source: 'drivers/vfio/vfio_iommu_spapr_tce.c: tce_iommu_ioctl',
      });
    }
    if (st.op === 'open' && typeof st.path === 'string' && st.path.startsWith('/dev/vfio/devices/') && !p.vfioCdev) {
      add('cdev', {
        side, severity: 'warning', step: i,
        message: `step ${i} opens a VFIO device cdev (${st.path}); ${v.platform} has none (VFIO_DEVICE_CDEV depends on !SPAPR_TCE_IOMMU), so the native iommufd path fails there from this step on`,
        source: 'drivers/vfio/Kconfig: VFIO_DEVICE_CDEV',
      });
    }
    if (KVM_SPAPR_OPS.has(st.op) && !ppc) {
      add('kvm-spapr', {
        side, severity: 'warning', step: i,
        message: `step ${i} (${st.op}) is a KVM sPAPR TCE call: only PPC KVM has it, ${v.platform} does not`,
        source: 'arch/powerpc/kvm/book3s_64_vio.c',
      });
    }
  });
  for (const d of s.devices) {
    if (d.kind === 'mock' && !p.mock) {
      add(`mock-${d.id}`, {
        side, severity: 'warning',
        message: `device "${d.id}" is declared a selftest mock device; ${v.platform} is a real host, where no kernel defines what a mock device does (the simulator keeps treating it as one)`,
        source: 'scenario contract: devices (kind "mock" belongs to selftest-mock)',
      });
    }
  }
  return out;
}

/** Overrides that cannot mean the same thing on this side's platform. */
function overrideWarnings(s: Scenario, side: Side, v: Variant): Incompatibility[] {
  const out: Incompatibility[] = [];
  const own = s.platform_overrides;
  const p = PLATFORMS[v.platform];
  if (own && !v.platform_overrides && v.platform !== s.platform) {
    out.push({
      side, severity: 'warning',
      message: `the scenario's platform_overrides (${overrideWords(own)}) were written for ${s.platform}; ${v.platform} runs with its preset as is`,
      source: 'scenario contract: platform_overrides',
    });
  }
  const o = v.platform_overrides;
  if (o && p.domain === null && (o.aperture || o.pgsize_bitmap !== undefined)) {
    out.push({
      side, severity: 'warning',
      message: `${v.platform} has no paging domain (sPAPR windows instead), so the aperture and pgsize_bitmap overrides mean nothing there and are ignored`,
      source: 'src/core/platform/presets.ts: resolvePlatform',
    });
  }
  return out;
}

function overrideWords(o: NonNullable<Scenario['platform_overrides']>): string {
  const w: string[] = [];
  if (o.aperture) w.push('aperture');
  if (o.pgsize_bitmap !== undefined) w.push('pgsize_bitmap');
  if (o.reserved) w.push('reserved regions');
  return w.join(', ') || 'empty';
}

/** The same finding on both sides is said once. */
function mergeBothSides(list: Incompatibility[]): Incompatibility[] {
  const out: Incompatibility[] = [];
  const seen = new Map<string, number>();
  for (const x of list) {
    const key = stringifyJson({ s: x.severity, m: x.message, st: x.step ?? null });
    const at = seen.get(key);
    if (at !== undefined) {
      out[at] = { ...out[at]!, side: 'both' };
      continue;
    }
    seen.set(key, out.length);
    out.push(x);
  }
  return out;
}
