// vhost-vdpa figures for `npm run bench` (run after core.bench.ts, which imports this file last):
//
//   vhost_iotlb_updates_per_s_100k_live  VHOST_IOTLB_UPDATE + VHOST_IOTLB_INVALIDATE of one extra 4 KiB
//                                        entry at random places among 100k live IOTLB entries of an mlx5
//                                        parent (set_map after every message, pages pinned), through the
//                                        real runStep path; each message counts as one. Median of ~10 ms
//                                        windows over 1 s.
//   vdpa_guest_boot_1tib_ms              parse (macro expansion) + run of open + qemu.vdpa_guest_boot with
//                                        1 TiB of RAM (q35 layout) on an mlx5 parent; median of 200 runs.
//
// vhost-vdpa allows 2048 entries per address space by default (max_iotlb_entries); the bed raises
// the module parameter through the scenario's kernel options.

import { parseScenarioValue, parseStep } from '../src/core/scenario/parse';
import type { Step } from '../src/core/scenario/types';
import { runScenario, runStep } from '../src/core/sim/run';
import type { Sim } from '../src/core/sim/sim';

const LIVE = 100_000;
const STRIDE = 0x2000n;
const BASE = 0x1_0000_0000n;
const UADDR = 0x7e00_0000_0000n;

function print(name: string, value: string, unit = ''): void {
  console.log(`${name}: ${value}${unit ? ' ' + unit : ''}`);
}

function step(raw: Record<string, unknown>): Step {
  const r = parseStep(raw, 0);
  if ('issues' in r) throw new Error('bench step does not validate: ' + JSON.stringify(r.issues));
  return r.step;
}

function doc(steps: unknown[]): unknown {
  return {
    format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', kernel: { vhost_vdpa_max_iotlb_entries: 1_000_000 },
    devices: [{ id: 'vdpa0', group: 40, kind: 'vdpa', parent: 'mlx5' }], steps,
  };
}

function bed(): { sim: Sim; update: (iova: bigint) => void; invalidate: (iova: bigint) => void } {
  const parsed = parseScenarioValue(doc([{ op: 'open', path: '/dev/vhost-vdpa-0', as: 'v' }]));
  if (!parsed.ok) throw new Error('bench scenario does not validate: ' + JSON.stringify(parsed.issues));
  const { sim } = runScenario(parsed.scenario);
  const upd = step({ op: 'VHOST_IOTLB_UPDATE', fd: 'v', iova: '0x0', size: '0x1000', uaddr: '0x0', perm: 'RW' });
  const inv = step({ op: 'VHOST_IOTLB_INVALIDATE', fd: 'v', iova: '0x0', size: '0x1000' });
  let n = 0;
  return {
    sim,
    update(iova) {
      const r = runStep(sim, { ...upd, iova, uaddr: UADDR + (iova - BASE) }, n++);
      if (!r.ok) throw new Error(`UPDATE at 0x${iova.toString(16)} failed: ${r.errno} ${r.reason}`);
    },
    invalidate(iova) {
      const r = runStep(sim, { ...inv, iova }, n++);
      if (!r.ok) throw new Error(`INVALIDATE at 0x${iova.toString(16)} failed: ${r.errno} ${r.reason}`);
    },
  };
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

function benchUpdates(): void {
  const b = bed();
  for (let i = 0; i < LIVE; i++) b.update(BASE + BigInt(i) * STRIDE);
  const next = rng(0x2545f491);
  const gaps = Array.from({ length: 4096 }, () => BASE + BigInt(Math.floor(next() * LIVE)) * STRIDE + 0x1000n);
  let i = 0;
  const pair = (): void => {
    const g = gaps[i++ % gaps.length]!;
    b.update(g);
    b.invalidate(g);
  };
  for (let k = 0; k < 4000; k++) pair();
  const rates: number[] = [];
  let total = 0;
  while (total < 1000) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < 10) {
      for (let k = 0; k < 32; k++) pair();
      n += 64;
      t = performance.now();
    }
    rates.push(n / ((t - t0) / 1000));
    total += t - t0;
  }
  rates.sort((x, y) => x - y);
  print('vhost_iotlb_updates_per_s_100k_live', rates[rates.length >> 1]!.toFixed(0), 'ops/s');
}

function benchBoot(): void {
  const text = doc([
    { op: 'open', path: '/dev/vhost-vdpa-0', as: 'v' },
    { op: 'qemu.vdpa_guest_boot', fd: 'v', ram_size: '0x10000000000', backend_features: ['IOTLB_MSG_V2', 'IOTLB_BATCH', 'IOTLB_ASID'] },
  ]);
  const once = (): void => {
    const p = parseScenarioValue(text);
    if (!p.ok) throw new Error('boot scenario does not validate: ' + JSON.stringify(p.issues));
    const { results } = runScenario(p.scenario);
    for (const r of results) if (!r.ok) throw new Error(`boot step ${r.op} failed: ${r.errno} ${r.reason}`);
  };
  for (let k = 0; k < 50; k++) once();
  const samples: number[] = [];
  for (let k = 0; k < 200; k++) {
    const t0 = performance.now();
    once();
    samples.push(performance.now() - t0);
  }
  samples.sort((x, y) => x - y);
  print('vdpa_guest_boot_1tib_ms', samples[samples.length >> 1]!.toFixed(3), 'ms');
}

benchUpdates();
benchBoot();
