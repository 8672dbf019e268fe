// `npm run bench`: the core's performance figures, one per line as `name: value unit`.
//
//   bench_load_average_1min            how busy the machine was (other processes skew wall time).
//   map_unmap_ops_per_s_{1k,1m}_live   IOMMU_IOAS_MAP (FIXED_IOVA) + IOMMU_IOAS_UNMAP of one extra
//                                      4 KiB area at random places among 1k / 1M live areas, through
//                                      the real runStep path; each map and each unmap counts as an op.
//                                      Median of ~10 ms windows over 1 s (performance.now); the
//                                      *_mean_* lines give the plain mean over the same second.
//   map_unmap_slowdown_1m_vs_1k        goal <= 3 (per-op cost must stay logarithmic).
//   map_build_1m_live_s                time to populate the 1M live set.
//   heap_bytes_per_live_mapping        heap growth per live area (gc before and after, 1M areas).
//   pt_occupancy_1tib_4k_ms            median time of the analytic occupancy of one 1 TiB range with
//                                      4 KiB leaves on VT-d 4-level (goal < 1 ms), and its table count.
//
// 1M live mappings use iommufd: type1 stops at 65535 (dma_entry_limit). The IOAS has no device,
// so no aperture or reserved region limits the IOVAs (iommufd checks those only for attached
// domains). Run with --expose-gc (the npm script does).

import { loadavg } from 'node:os';
import { pageTableFormat } from '../src/core/pagetable/formats';
import { occupancy } from '../src/core/pagetable/occupancy';
import type { Sim } from '../src/core/sim/sim';
import { print } from './browser/stats';
import type { LiveSet } from './harness';
import { populate, runDoc, step, stepper, timeAddRemove } from './harness';

/** Live area i sits at IOVA i * STRIDE; the gap above it is where the extra area goes. */
const STRIDE = 0x2000n;
const IOVA_BASE = 0x1_0000_0000n;
const USER_VA = 0x7000_0000_0000n;
const live = (n: number): LiveSet => ({ live: n, base: IOVA_BASE, stride: STRIDE });

const gc = (globalThis as { gc?: () => void }).gc;

interface Bed {
  sim: Sim;
  map: (iova: bigint) => void;
  unmap: (iova: bigint) => void;
}

/** A simulated process with /dev/iommu open and one IOAS, through the real scenario path. */
function testbed(): Bed {
  const { sim } = runDoc({
    format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', devices: [],
    steps: [
      { op: 'open', path: '/dev/iommu', as: 'iommufd' },
      { op: 'IOMMU_IOAS_ALLOC', fd: 'iommufd', as: 'ioas' },
    ],
  }, 'setup');
  const mapT = step({ op: 'IOMMU_IOAS_MAP', fd: 'iommufd', ioas_id: 'ioas', user_va: '0x0', length: '0x1000', iova: '0x0', flags: ['FIXED_IOVA', 'READABLE', 'WRITEABLE'] });
  const unmapT = step({ op: 'IOMMU_IOAS_UNMAP', fd: 'iommufd', ioas_id: 'ioas', iova: '0x0', length: '0x1000' });
  const run = stepper(sim);
  return {
    sim,
    map: (iova) => run({ ...mapT, iova, user_va: USER_VA + (iova - IOVA_BASE) }, 'IOMMU_IOAS_MAP', iova),
    unmap: (iova) => run({ ...unmapT, iova }, 'IOMMU_IOAS_UNMAP', iova),
  };
}

/** Map + unmap one extra area in a random gap among `n` live areas (harness.ts timeAddRemove). */
function timeMapUnmap(bed: Bed, n: number, seconds: number): { median: number; mean: number } {
  return timeAddRemove(live(n), 0x9e3779b9, seconds, bed.map, bed.unmap);
}

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function benchMapUnmap(): void {
  let small: Bed;
  try {
    small = testbed();
    populate(live(1000), small.map);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    for (const name of ['map_unmap_ops_per_s_1k_live', 'map_unmap_ops_per_s_1m_live', 'map_unmap_slowdown_1m_vs_1k', 'heap_bytes_per_live_mapping']) {
      print(name, `n/a (${why})`);
    }
    return;
  }
  const r1k = timeMapUnmap(small, 1000, 1);
  print('map_unmap_ops_per_s_1k_live', r1k.median.toFixed(0), 'ops/s');

  const before = heapUsed();
  const big = testbed();
  const t0 = performance.now();
  populate(live(1_000_000), big.map);
  const buildMs = performance.now() - t0;
  const after = heapUsed();
  print('map_build_1m_live_s', (buildMs / 1000).toFixed(2), 's');
  const r1m = timeMapUnmap(big, 1_000_000, 1);
  print('map_unmap_ops_per_s_1m_live', r1m.median.toFixed(0), 'ops/s');
  print('map_unmap_slowdown_1m_vs_1k', (r1k.median / r1m.median).toFixed(2), 'x');
  // Whole-second means, steal from other processes included (for comparison with the medians).
  print('map_unmap_mean_ops_per_s_1k_live', r1k.mean.toFixed(0), 'ops/s');
  print('map_unmap_mean_ops_per_s_1m_live', r1m.mean.toFixed(0), 'ops/s');
  print('heap_bytes_per_live_mapping', gc ? ((after - before) / 1_000_000).toFixed(0) : 'n/a (run with node --expose-gc)', gc ? 'B' : '');
  // The big bed stays reachable until here, so the heap figure above measured it alive.
  if (big.sim.state.ictxs.size === 0) print('warning', 'no iommufd context in the big testbed');
}

function benchOccupancy(): void {
  const vtd = pageTableFormat('vtd-ss-4');
  const TiB = 1n << 40n;
  const ranges = [{ first: TiB, last: 2n * TiB - 1n, userVa: 0x7f00_0000_0000n }];
  let tables = 0n;
  for (let i = 0; i < 200; i++) tables = occupancy(vtd, ranges).tables; // warm up the JIT
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < 2001 && performance.now() - t0 < 2000) {
    const s = performance.now();
    tables = occupancy(vtd, ranges).tables;
    samples.push(performance.now() - s);
  }
  samples.sort((a, b) => a - b);
  print('pt_occupancy_1tib_4k_ms', samples[samples.length >> 1]!.toFixed(4), 'ms');
  print('pt_occupancy_1tib_4k_tables', tables.toString());
}

// Other processes on the machine skew every wall-clock figure; say how busy it was.
print('bench_load_average_1min', loadavg()[0]!.toFixed(2));
benchOccupancy();
benchMapUnmap();

// The vhost-vdpa figures (bench/vhost.bench.ts).
await import('./vhost.bench');

// The explorer in Chromium against the production build (bench/browser/run.ts) comes last;
// BENCH_BROWSER=0 skips it.
if (process.env.BENCH_BROWSER !== '0') {
  const { runBrowserBench } = await import('./browser/run');
  await runBrowserBench();
}
