// The vDPA / SVA / KVM code (src/core/beyond) is loaded by the browser's worker only for a
// scenario that needsBeyond. The safety net: every example that does not need it gives exactly
// the same results, snapshots, walks, inspections and comparisons without it as with it; every
// example that uses those families is said to need it; and the predicate is conservative.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasKvm, hasSva, hasVdpa } from '../../../src/core/beyond/guards';
import * as beyondModule from '../../../src/core/beyond/index';
import { needsBeyond } from '../../../src/core/beyond/needs';
import { beyondLoaded, setBeyond } from '../../../src/core/beyond/registry';
import { compareRuns, defaultVariants, resolveVariant } from '../../../src/core/compare';
import { PLATFORM_NAMES } from '../../../src/core/platform/presets';
import { parseScenarioText, parseScenarioValue } from '../../../src/core/scenario/parse';
import { KVM_OPS } from '../../../src/core/scenario/ops-kvm';
import { SVA_OPS } from '../../../src/core/scenario/ops-sva';
import { VHOST_OPS } from '../../../src/core/scenario/ops-vhost';
import type { Scenario } from '../../../src/core/scenario/types';
import { inspectHandle } from '../../../src/core/sim/inspect';
import { runScenario } from '../../../src/core/sim/run';
import { Sim } from '../../../src/core/sim/sim';
import { buildSnapshot } from '../../../src/core/view';
import { Timeline } from '../../../src/worker/timeline';

const DIR = join(import.meta.dirname, '../../../public/scenarios');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const raw = (f: string): string => readFileSync(join(DIR, f), 'utf8');

function parsed(f: string): Scenario {
  const r = parseScenarioText(raw(f));
  if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.issues)}`);
  return r.scenario;
}

afterEach(() => setBeyond(beyondModule));

/** `f` with the beyond code not registered, as in the worker before it loads it. */
function withoutBeyond<T>(f: () => T): T {
  setBeyond(null);
  try {
    return f();
  } finally {
    setBeyond(beyondModule);
  }
}

/**
 * Everything the worker and the CLI get out of a scenario: the timeline's results and every
 * step's snapshot (seeking from checkpoints every 3 steps, so replays are exercised), walks in
 * every space shown and in spaces of the beyond kinds that do not exist, inspect of every handle
 * at the end, the comparison with compare mode's defaults, and the run on every other host.
 */
function observe(s: Scenario): unknown {
  const rec = Timeline.record(s, { interval: 3 });
  const tl = rec.timeline;
  const steps: unknown[] = [];
  if (tl) {
    const devices = s.devices.map((d) => d.id);
    for (let step = -1; step < tl.ran; step++) {
      const snapshot = tl.seek(step).snapshot;
      const walks: unknown[] = [];
      const targets = [...snapshot.spaces.map((sp) => sp.id), 'liobn:1', 'mm:1', ...devices.flatMap((d) => [`asid:${d}:0`, `pasid:${d}:0`, `pasid:${d}:1`])];
      for (const id of targets) {
        const sp = snapshot.spaces.find((x) => x.id === id);
        const at = sp ? [sp.extent.first, sp.extent.last, ...sp.layers.flatMap((l) => (l.first.length > 0 ? [l.first[0]!] : []))] : [0x1000n];
        for (const iova of at) walks.push(tl.walk(id, iova));
      }
      steps.push({ snapshot, walks });
    }
  }
  const { results, sim } = runScenario(s);
  const inspected = [...sim.state.handles.keys()].map((name) => [name, inspectHandle(sim, name)]);
  const d = defaultVariants(s);
  const compared = compareRuns(s, d.a, d.b);
  const hosts = PLATFORM_NAMES.flatMap((platform) => (['legacy', 'iommufd'] as const).map((vfio_container) => {
    const v = resolveVariant(s, { platform, vfio_container });
    const other = { ...s, platform: v.platform, kernel: v.kernel, ...(v.platform_overrides ? { platform_overrides: v.platform_overrides } : {}) } as Scenario;
    try {
      const r = runScenario(other);
      return { platform, vfio_container, results: r.results, last: buildSnapshot(r.sim, other.steps.length - 1) };
    } catch (e) {
      return { platform, vfio_container, threw: String(e) };
    }
  }));
  return { results: rec.results, mismatches: rec.mismatches, bug: rec.bug, steps, inspected, compared, hosts };
}

describe('examples that do not need the beyond-VFIO code run the same without it', () => {
  const vfioOnly = files.filter((f) => !needsBeyond(parsed(f)));

  it('they are most of the examples, the page\'s startup example among them', () => {
    expect(vfioOnly.length).toBeGreaterThanOrEqual(40);
    expect(vfioOnly).toContain('iommufd-group-one-domain.json');
  });

  for (const f of vfioOnly) {
    it(f, () => {
      const s = parsed(f);
      const without = withoutBeyond(() => {
        expect(beyondLoaded()).toBe(false);
        return observe(s);
      });
      expect(beyondLoaded()).toBe(true);
      expect(without).toEqual(observe(s));
      // Nothing fell over for want of the code (a simulator bug would still compare equal above only if both had it).
      expect((without as { bug: unknown }).bug).toBeNull();
    });
  }
});

const BEYOND_OPS = new Set([...Object.keys(VHOST_OPS), ...Object.keys(SVA_OPS), ...Object.keys(KVM_OPS)]);
const VFIO_PATH = /^\/dev\/(vfio\/|iommu$)/;

/** From the file as written (macros unexpanded): does it use anything of vhost, SVA or KVM? */
function usesBeyond(text: string): string[] {
  const doc = JSON.parse(text) as { devices?: Record<string, unknown>[]; steps?: Record<string, unknown>[] };
  const why: string[] = [];
  for (const d of doc.devices ?? []) {
    if (d.kind === 'vdpa' || d.parent !== undefined || d.uacce !== undefined) why.push(`device ${String(d.id)}`);
  }
  for (const st of doc.steps ?? []) {
    const op = String(st.op);
    if (BEYOND_OPS.has(op)) why.push(op);
    if (op.startsWith('qemu.')) why.push(`macro ${op}`);
    if (op === 'open' && !VFIO_PATH.test(String(st.path))) why.push(`open ${String(st.path)}`);
    if (st.pasid !== undefined || (Array.isArray(st.flags) && st.flags.some((x) => String(x).includes('PASID')))) why.push(`${op} PASID`);
  }
  return why;
}

describe('needsBeyond', () => {
  it('is true for every example that uses vhost, SVA or KVM ops, vDPA or uacce devices, their paths, PASIDs or macros', () => {
    const using = files.filter((f) => usesBeyond(raw(f)).length > 0);
    expect(using.length).toBeGreaterThanOrEqual(30);
    for (const f of using) expect(needsBeyond(parsed(f)), `${f}: ${usesBeyond(raw(f)).join(', ')}`).toBe(true);
  });

  const base = { format: 'iova-atlas.scenario', version: 1, title: 't', platform: 'x86-vtd-48', devices: [{ id: 'nic0', group: 26 }] };
  const scenario = (extra: Record<string, unknown>): Scenario => {
    const r = parseScenarioValue({ ...base, steps: [{ op: 'open', path: '/dev/iommu', as: 'ictx' }], ...extra });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.scenario;
  };
  const open = (path: string): Record<string, unknown> => ({ steps: [{ op: 'open', path, as: 'f' }] });

  it('is false for VFIO and iommufd nodes and ops alone', () => {
    expect(needsBeyond(scenario({}))).toBe(false);
    for (const p of ['/dev/vfio/vfio', '/dev/vfio/26', '/dev/vfio/devices/nic0']) expect(needsBeyond(scenario(open(p))), p).toBe(false);
  });

  it('is true for a vDPA or uacce device even unused, another device node, a PASID, or a vhost kernel option', () => {
    expect(needsBeyond(scenario({ devices: [{ id: 'v', group: 1, kind: 'vdpa' }] }))).toBe(true);
    expect(needsBeyond(scenario({ devices: [{ id: 'acc', group: 1, uacce: 'hisi_zip-0' }] }))).toBe(true);
    expect(needsBeyond(scenario({ devices: [{ id: 'nic0', group: 26, max_pasids: 16 }] }))).toBe(true);
    for (const p of ['/dev/vhost-vdpa-0', '/dev/hisi_zip-0', '/dev/vfio/x/y', '/dev/kvm']) expect(needsBeyond(scenario(open(p))), p).toBe(true);
    expect(needsBeyond(scenario({ kernel: { vfio_container: 'legacy', vhost_vdpa_max_iotlb_entries: 8 } }))).toBe(true);
    expect(needsBeyond(scenario({
      steps: [
        { op: 'open', path: '/dev/iommu', as: 'ictx' },
        { op: 'open', path: '/dev/vfio/devices/nic0', as: 'dev' },
        { op: 'VFIO_DEVICE_BIND_IOMMUFD', fd: 'dev', iommufd: 'ictx', as: 'id' },
        { op: 'IOMMU_IOAS_ALLOC', fd: 'ictx', as: 'ioas' },
        { op: 'VFIO_DEVICE_ATTACH_IOMMUFD_PT', fd: 'dev', pt_id: 'ioas', flags: ['PASID'], pasid: 1 },
      ],
    }))).toBe(true);
  });

  it('no platform brings devices of its own: a machine without devices has no beyond-VFIO state on any host', () => {
    for (const platform of PLATFORM_NAMES) {
      const r = parseScenarioValue({ ...base, platform, devices: [], steps: [{ op: 'open', path: '/dev/iommu', as: 'ictx' }] });
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      const sim = withoutBeyond(() => Sim.create(r.scenario));
      expect([sim.state.vdpa.size, sim.state.sva.devices.size, hasVdpa(sim), hasSva(sim), hasKvm(sim)], platform).toEqual([0, 0, false, false, false]);
    }
  });

  it('a scenario that needs the code and runs without it says so: a simulator bug naming it, not a kernel answer', () => {
    const s = parsed('vdpa-open-close.json');
    expect(needsBeyond(s)).toBe(true);
    expect(() => withoutBeyond(() => runScenario(s))).toThrow(/vDPA \/ SVA \/ KVM simulation code \(core\/beyond\) is not loaded/);
  });
});
