// The simulated machine: state plus the small services every op family needs (fd table,
// handle names, process memory). Op semantics live in the family modules (vfio/, iommufd/).

import { beyond } from '../beyond/registry';
import { IntervalMap } from '../intervals';
import { newKvmState } from '../kvm/state';
import { resolvePlatform } from '../platform/presets';
import type { Scenario } from '../scenario/types';
import type { u64 } from '../u64';
import { svaDevicesOf } from '../sva/platform';
import { newSvaState } from '../sva/types';
import { deepClone, deepFreeze } from './clone';
import type { DeviceState, FileState, GroupState, HandleValue, SimState, Vma } from './state';

/** Lowest fd handed out, as in a process with stdin/stdout/stderr open. */
const FIRST_FD = 3;
/** Top of the simulated mmap area (top-down allocation, like Linux's default layout). */
const MMAP_TOP = 0x7fff00000000n;

export class Sim {
  constructor(public state: SimState) {}

  static create(s: Scenario): Sim {
    const platform = deepFreeze(resolvePlatform(s.platform, s.platform_overrides));
    const devices = new Map<string, DeviceState>();
    const groups = new Map<number, GroupState>();
    s.devices.forEach((d, i) => {
      const kind = d.kind ?? (platform.mock ? 'mock' : 'pci');
      devices.set(d.id, { id: d.id, bdf: d.bdf ?? `0000:${(i + 1).toString(16).padStart(2, '0')}:00.0`, group: d.group, kind, cdevFd: null, bound: null });
      const g = groups.get(d.group);
      if (g) g.devices.push(d.id);
      else groups.set(d.group, { num: d.group, devices: [d.id], fd: null, container: null });
    });
    const strictMemory = s.steps.some((st) => st.op === 'mmap' || st.op === 'munmap');
    return new Sim({
      platform,
      kernel: deepFreeze({ vfio_container: s.kernel?.vfio_container ?? 'legacy', ...(s.kernel?.dma_entry_limit !== undefined ? { dma_entry_limit: s.kernel.dma_entry_limit } : {}), ...(s.kernel?.vhost_vdpa_max_iotlb_entries !== undefined ? { vhost_vdpa_max_iotlb_entries: s.kernel.vhost_vdpa_max_iotlb_entries } : {}) }),
      devices, groups,
      containers: new Map(), ictxs: new Map(), files: new Map(), handles: new Map(),
      kvm: newKvmState(),
      // vhost-vdpa's devices are the scenario's 'vdpa' ones (vdpaDevicesOf): none, no code to ask.
      vdpa: s.devices.some((d) => d.kind === 'vdpa') ? beyond().vdpaDevicesOf(s.devices, platform) : new Map(),
      sva: newSvaState(svaDevicesOf(s.devices, platform)),
      vmas: new IntervalMap<Vma>(), strictMemory,
      nextContainerId: 1, nextIctxId: 1,
    });
  }

  /** A deep copy sharing nothing mutable (interval maps are copy-on-write). */
  clone(): Sim {
    return new Sim(deepClone(this.state));
  }

  // ------------------------------------------------------------ fds

  allocFd(file: FileState): number {
    let fd = FIRST_FD;
    while (this.state.files.has(fd)) fd++;
    this.state.files.set(fd, file);
    return fd;
  }

  file(fd: number): FileState | undefined {
    return this.state.files.get(fd);
  }

  // ------------------------------------------------------------ handles

  bind(name: string | undefined, value: HandleValue): void {
    if (name) this.state.handles.set(name, value);
  }

  handle(name: unknown): HandleValue | undefined {
    return typeof name === 'string' ? this.state.handles.get(name) : undefined;
  }

  /** The fd a handle names; -1 (EBADF territory) when it names nothing valid. */
  fdOf(name: unknown): number {
    const h = this.handle(name);
    return h?.kind === 'fd' ? h.fd : -1;
  }

  /** The object id a handle names; 0 when its creating step failed. */
  idOf(name: unknown): number {
    const h = this.handle(name);
    return h?.kind === 'id' ? h.id : 0;
  }

  // ------------------------------------------------------------ process memory

  /**
   * Is [addr, addr + length) backed by the process's memory? Without any mmap step in the
   * scenario every address is (as the oracle harness maps user ranges on demand); with one,
   * only mmapped ranges are, and pinning anything else faults (EFAULT).
   */
  userRangeMapped(addr: u64, length: u64): boolean {
    if (!this.state.strictMemory) return true;
    if (length === 0n) return true;
    const last = addr + length - 1n;
    let cur = addr;
    for (const v of this.state.vmas.intersecting(addr, last)) {
      if (v.first > cur) return false;
      if (v.last >= last) return true;
      cur = v.last + 1n;
    }
    return false;
  }

  /** Highest free gap below MMAP_TOP that fits `length` (page-aligned), or null. */
  findMmapGap(length: u64): u64 | null {
    let top = MMAP_TOP;
    const all = this.state.vmas.toArray();
    for (let i = all.length - 1; i >= -1; i--) {
      const v = all[i];
      if (v && v.first >= top) continue;
      const floor = v ? v.last + 1n : 0x10000n;
      if (top - floor >= length) return top - length;
      if (!v) break;
      top = v.first;
    }
    return null;
  }
}
