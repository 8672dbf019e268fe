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

import { print } from './browser/stats';
import type { LiveSet } from './harness';
import { populate, runDoc, step, stepper, timeAddRemove } from './harness';

/** Live entry i sits at IOVA BASE + i * STRIDE; the gap above it is where the extra entry goes. */
const LIVE: LiveSet = { live: 100_000, base: 0x1_0000_0000n, stride: 0x2000n };
const UADDR = 0x7e00_0000_0000n;

function doc(steps: unknown[]): unknown {
  return {
    format: 'iova-atlas.scenario', version: 1, platform: 'x86-vtd-48', kernel: { vhost_vdpa_max_iotlb_entries: 1_000_000 },
    devices: [{ id: 'vdpa0', group: 40, kind: 'vdpa', parent: 'mlx5' }], steps,
  };
}

function benchUpdates(): void {
  const { sim } = runDoc(doc([{ op: 'open', path: '/dev/vhost-vdpa-0', as: 'v' }]), 'bench');
  const upd = step({ op: 'VHOST_IOTLB_UPDATE', fd: 'v', iova: '0x0', size: '0x1000', uaddr: '0x0', perm: 'RW' });
  const inv = step({ op: 'VHOST_IOTLB_INVALIDATE', fd: 'v', iova: '0x0', size: '0x1000' });
  const run = stepper(sim);
  const update = (iova: bigint): void => run({ ...upd, iova, uaddr: UADDR + (iova - LIVE.base) }, 'UPDATE', iova);
  const invalidate = (iova: bigint): void => run({ ...inv, iova }, 'INVALIDATE', iova);
  populate(LIVE, update);
  const { median } = timeAddRemove(LIVE, 0x2545f491, 1, update, invalidate);
  print('vhost_iotlb_updates_per_s_100k_live', median.toFixed(0), 'ops/s');
}

function benchBoot(): void {
  const text = doc([
    { op: 'open', path: '/dev/vhost-vdpa-0', as: 'v' },
    { op: 'qemu.vdpa_guest_boot', fd: 'v', ram_size: '0x10000000000', backend_features: ['IOTLB_MSG_V2', 'IOTLB_BATCH', 'IOTLB_ASID'] },
  ]);
  const once = (): void => void runDoc(text, 'boot');
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
