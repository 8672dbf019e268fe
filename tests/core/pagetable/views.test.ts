// The page-table model fed from real simulator state: a type1 container built through the
// scenario parser and runner, its dmas counted and walked on the platform's format.
import { describe, expect, it } from 'vitest';
import { occupancy } from '../../../src/core/pagetable/occupancy';
import { dmaLookup, dmaRanges, domainFormat, formatNamed, kernelPageShift, windowFormat } from '../../../src/core/pagetable/views';
import { walk } from '../../../src/core/pagetable/walk';
import { PLATFORMS } from '../../../src/core/platform/presets';
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { runScenario } from '../../../src/core/sim/run';
import { IntervalMap } from '../../../src/core/intervals';
import type { Dma, TceWindow } from '../../../src/core/sim/state';

function type1Dmas(platform: string, maps: [string, string, string][]) {
  const p = parseScenarioValue({
    format: 'iova-atlas.scenario', version: 1, platform, devices: [{ id: 'nic', group: 26 }],
    steps: [
      { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
      { op: 'open', path: '/dev/vfio/26', as: 'g' },
      { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' },
      { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1v2_IOMMU' },
      ...maps.map(([iova, size, vaddr]) => ({ op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova, size, vaddr, flags: ['READ', 'WRITE'], expect: { ok: true } })),
    ],
  });
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  const { results, sim } = runScenario(p.scenario);
  for (const r of results) if (!r.ok) throw new Error(`${r.op}: ${r.errno} ${r.reason}`);
  const c = [...sim.state.containers.values()][0]!;
  if (c.iommu?.kind !== 'type1') throw new Error('no type1 backend');
  return { sim, dmas: c.iommu.dmas };
}

describe('page tables of a real type1 container', () => {
  it('x86 VT-d 48: 1 GiB at 1 GiB plus one page at 4 GiB = 517 tables with 4K leaves, 5 with 2M', () => {
    const { sim, dmas } = type1Dmas('x86-vtd-48', [
      ['0x40000000', '0x40000000', '0x7f0000000000'],
      ['0x100000000', '0x1000', '0x7f0040000000'],
    ]);
    const f = domainFormat(sim.state.platform)!;
    expect(f.name).toBe('vtd-ss-4');
    expect(occupancy(f, dmaRanges(dmas)).tables).toBe(517n);
    expect(occupancy(f, dmaRanges(dmas), { maxLeaf: 2n << 20n }).tables).toBe(5n);
    const w = walk(f, dmaLookup(dmas), 0x4000_2345n, { aperture: { start: sim.state.platform.domain!.apertureStart, end: sim.state.platform.domain!.apertureEnd } });
    expect(w.result).toMatchObject({ kind: 'translated', userAddr: 0x7f00_0000_2345n });
  });

  it('each preset with a domain has a format; PPC has windows instead', () => {
    for (const p of Object.values(PLATFORMS)) {
      if (p.domain) expect(domainFormat(p)?.name).toBe(p.domain.format);
      else expect(domainFormat(p)).toBeNull();
    }
    expect(formatNamed('ppc-tce')).toBeNull();
    expect(formatNamed('nonsense')).toBeNull();
    expect(kernelPageShift(PLATFORMS['ppc-powernv'])).toBe(16);
  });

  it('a powernv window from the state: 1 TiB @64K, 2 levels, at 1<<59', () => {
    const tces = new IntervalMap<Dma>();
    const w1 = 1n << 59n;
    tces.insert({ first: w1, last: w1 + (16n << 30n) - 1n, vaddr: 0x1_0000_0000n, read: true, write: true } as Dma);
    const w: TceWindow = {
      slot: 1, start: w1, size: 1n << 40n, requestedSize: 1n << 40n, pageShift: 16, levels: 2, levelShift: 16,
      tableBytes: ((1n << 27n) + (1n << 16n)) * 2n, origin: 'create', tces, programmed: true,
    } as TceWindow;
    const f = windowFormat(PLATFORMS['ppc-powernv'], w);
    expect(occupancy(f, dmaRanges(tces)).bytes).toBe(33n * 65536n);
    expect(windowFormat(PLATFORMS['ppc-pseries'], { ...w, levels: 1 } as TceWindow).tce!.hypervisor).toBe(true);
  });
});
