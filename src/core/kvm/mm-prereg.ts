// Preregistered memory as KVM sees it: mm_iommu_lookup searches the whole process (mm), not one
// container. The simulator keeps regions per sPAPR v2 container (vfio/spapr-prereg.ts), so the
// mm's list is the union of every live container's regions, including regions unregistered
// while still mapped (inContainer false: still on the mm). Regions a released backend leaked
// are not kept by the simulator (the kernel keeps them on the mm until the process exits).

import type { Sim } from '../sim/sim';
import type { PreregRegion, SpaprState } from '../sim/state';

function backends(sim: Sim): SpaprState[] {
  const out: SpaprState[] = [];
  for (const c of sim.state.containers.values()) if (c.iommu?.kind === 'spapr' && c.iommu.v2) out.push(c.iommu);
  return out;
}

/**
 * mm_iommu_lookup(mm, ua, 1 << shift) followed by mm_iommu_ua_to_hpa(mem, ua, shift): a region
 * holding all of [ua, ua + 2^shift) whose pages can back IOMMU pages of that size.
 */
export function mmLookup(sim: Sim, ua: bigint, shift: number): { st: SpaprState; r: PreregRegion } | null {
  const last = ua + (1n << BigInt(shift)) - 1n;
  for (const st of backends(sim)) {
    const r = st.prereg.containing(ua);
    if (r && r.last >= last && r.pageShift >= shift) return { st, r };
  }
  return null;
}

/** How many of `n` consecutive 2^shift pages from `ua` pass mmLookup (the first failing index). */
export function mmBacked(sim: Sim, ua: bigint, n: bigint, shift: number): bigint {
  const pg = 1n << BigInt(shift);
  let done = 0n;
  while (done < n) {
    const hit = mmLookup(sim, ua + done * pg, shift);
    if (!hit) return done;
    // Every page up to the region's end passes too: skip them in one step.
    const fit = (hit.r.last + 1n - (ua + done * pg)) / pg;
    done += fit < n - done ? fit : n - done;
  }
  return done;
}

/**
 * mm_iommu_mapped_inc / _dec for each 2^shift page of [ua, ua + bytes): the region's count of
 * TCEs pointing into it (what UNREGISTER_MEMORY and container release look at). The mm has one
 * region where the simulator may keep a copy per container: the first container holding the
 * range (the one mmLookup finds) counts it.
 */
export function mmAdjustMapped(sim: Sim, ua: bigint, bytes: bigint, shift: number, sign: 1n | -1n): void {
  if (bytes <= 0n) return;
  const last = ua + bytes - 1n;
  for (const st of backends(sim)) {
    const hit = [...st.prereg.intersecting(ua, last)];
    for (const r of hit) {
      const lo = r.first > ua ? r.first : ua;
      const hi = r.last < last ? r.last : last;
      let mapped = r.mapped + sign * ((hi - lo + 1n) >> BigInt(shift));
      if (mapped < 0n) mapped = 0n;
      st.prereg.replace({ ...r, mapped });
    }
    if (hit.length) return;
  }
}
