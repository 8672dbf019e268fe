// QEMU-like macros: one step in the file, expanded AT PARSE TIME into the primitive steps QEMU's
// vhost-vdpa backend sends (hw/virtio/vhost-vdpa.c; reference §2.1-2.2), so the timeline shows
// (and the runner runs) exactly those. Every expanded step carries `macro: { id, name, index,
// count }` so the timeline can group them; result indices count expanded steps.
//
//   qemu.vdpa_guest_boot    { fd, ram | ram_size [, hva], backend_features?, asid?, id?,
//                             backing_page_size?, seconds_per_gib? }
//     [SET_BACKEND_FEATURES], SET_STATUS ACK|DRIVER, + FEATURES_OK,
//     [BATCH_BEGIN], UPDATE per RAM section, [BATCH_END], + DRIVER_OK
//   qemu.vdpa_guest_reboot  { fd, ram | ram_size [, hva] | boot?, asid?, id?, backing_page_size?, seconds_per_gib? }
//     SET_STATUS 0, SET_STATUS ACK|DRIVER (vhost_vdpa_reset_status),
//     without IOTLB_PERSIST: [BATCH_BEGIN], INVALIDATE per section, [BATCH_END] (memory_listener_unregister),
//     SET_STATUS + FEATURES_OK, [BATCH_BEGIN], UPDATE per section, [BATCH_END] (memory_listener_register),
//     + DRIVER_OK.  With IOTLB_PERSIST: no INVALIDATE and no UPDATE.
//
// What the expansion cannot know at parse time it reads from the file's static steps: the backend
// features negotiated on that fd (the last VHOST_SET_BACKEND_FEATURES on it, or the boot macro's
// backend_features) decide the batch markers (IOTLB_BATCH) and the reboot's unmap/remap
// (IOTLB_PERSIST); the expansion assumes that step succeeded. The parent kind (from the fd's open)
// only matters for the expected cost in the last step's note.
//
// IOTLB_PERSIST in QEMU: Si-Wei Liu's patch skips the unmap/remap when the feature is negotiated;
// its merge upstream is unverified (reference §2.2), and an Aug 2025 trace still shows the full
// unmap/re-map. The PERSIST path shows what that patch does.
//
// `expect` on a macro: `{ "ok": true }` (the whole sequence succeeds) goes onto every expanded
// step; any other expect (an errno, an out) applies to the last expanded step only. A macro's
// `note` goes onto its first expanded step.

import * as v from 'valibot';
import { ERRNOS } from '../errno';
import { DEFAULT_SECONDS_PER_GIB, formatCost, planCost } from '../vhost/cost';
import { BACKEND_BIT, PARENTS } from '../vhost/parents';
import type { RamSection } from '../vhost/qemu-layout';
import { q35Layout, Q35_MAX_RAM, Q35_MIN_RAM } from '../vhost/qemu-layout';
import type { VdpaParentKind } from '../vhost/types';
import { isAligned, isPow2, parseU64 } from '../u64';
import type { MacroRef, ScenarioIssue, Step } from './types';

export const MACRO_NAMES = ['qemu.vdpa_guest_boot', 'qemu.vdpa_guest_reboot'] as const;
export type MacroName = (typeof MACRO_NAMES)[number];

export function isMacroName(op: unknown): op is MacroName {
  return typeof op === 'string' && (MACRO_NAMES as readonly string[]).includes(op);
}

const PAGE = 0x1000n;
const ST_AD = ['ACKNOWLEDGE', 'DRIVER'];
const ST_ADF = [...ST_AD, 'FEATURES_OK'];
const ST_ALL = [...ST_ADF, 'DRIVER_OK'];

// ---------------------------------------------------------------- what the file said before

/** What the expansion learns from the steps before a macro (static reading, no run). */
export class MacroContext {
  private readonly vdpaParents: VdpaParentKind[] = [];
  private readonly byId = new Map<string, VdpaParentKind>();
  /** fd handle -> parent kind of the device it opened. */
  private readonly fdParent = new Map<string, VdpaParentKind>();
  /** fd handle -> backend feature names of its last SET_BACKEND_FEATURES. */
  private readonly fdFeatures = new Map<string, readonly string[]>();
  /** Layouts of boot macros, by macro id and by fd handle (the latest). */
  private readonly layouts = new Map<string, RamSection[]>();
  private readonly fdLayout = new Map<string, RamSection[]>();

  constructor(devices: unknown) {
    if (!Array.isArray(devices)) return;
    for (const d of devices as { kind?: unknown; parent?: unknown; id?: unknown }[]) {
      if (d?.kind !== 'vdpa') continue;
      const parent = (typeof d.parent === 'string' && d.parent in PARENTS ? d.parent : 'vdpa_sim') as VdpaParentKind;
      this.vdpaParents.push(parent);
      if (typeof d.id === 'string') this.byId.set(d.id, parent);
    }
  }

  /** Learns from a validated primitive step. */
  observe(s: Step): void {
    if (s.op === 'open' && typeof s.as === 'string') {
      const m = /^\/dev\/vhost-vdpa-(\d+)$/.exec(String(s.path));
      const parent = typeof s.device === 'string' ? this.byId.get(s.device) : m ? this.vdpaParents[Number(m[1])] : undefined;
      if (parent) this.fdParent.set(s.as, parent);
      else this.fdParent.delete(s.as);
      this.fdFeatures.delete(s.as);
      this.fdLayout.delete(s.as);
    }
    if (s.op === 'VHOST_SET_BACKEND_FEATURES' && typeof s.fd === 'string') this.fdFeatures.set(s.fd, s.features as string[]);
  }

  parent(fd: string): VdpaParentKind | undefined {
    return this.fdParent.get(fd);
  }

  features(fd: string): readonly string[] {
    return this.fdFeatures.get(fd) ?? [];
  }

  layoutOf(fd: string, boot: string | undefined): RamSection[] | undefined {
    return boot !== undefined ? this.layouts.get(boot) : this.fdLayout.get(fd);
  }

  remember(id: string, fd: string, layout: RamSection[]): void {
    this.layouts.set(id, layout);
    this.fdLayout.set(fd, layout);
  }
}

// ---------------------------------------------------------------- validation of the macro step

const u64 = v.pipe(v.unknown(), v.rawTransform(({ dataset, addIssue, NEVER }) => {
  const r = parseU64(dataset.value);
  if (!r.ok) {
    addIssue({ message: r.message });
    return NEVER;
  }
  return r.value;
}));
const handle = v.pipe(v.string('expected a handle name'), v.minLength(1), v.maxLength(64));
const section = v.strictObject({ gpa: u64, size: u64, hva: u64, readonly: v.optional(v.boolean()), name: v.optional(v.pipe(v.string(), v.maxLength(80))) });
const expectSchema = v.strictObject({
  ok: v.optional(v.boolean()),
  errno: v.optional(v.picklist(ERRNOS as unknown as string[])),
  out: v.optional(v.record(v.string(), v.unknown())),
});
const common = {
  fd: handle,
  id: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  ram: v.optional(v.pipe(v.array(section, 'ram: a list of { gpa, size, hva, readonly? } sections'), v.minLength(1), v.maxLength(4096))),
  ram_size: v.optional(u64),
  hva: v.optional(u64),
  asid: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff))),
  backing_page_size: v.optional(u64),
  seconds_per_gib: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1000))),
  note: v.optional(v.pipe(v.string(), v.maxLength(8000))),
  expect: v.optional(expectSchema),
};
const SCHEMAS: Record<MacroName, v.GenericSchema> = {
  'qemu.vdpa_guest_boot': v.strictObject({
    op: v.literal('qemu.vdpa_guest_boot'), ...common,
    backend_features: v.optional(v.array(v.picklist(Object.keys(BACKEND_BIT)))),
  }),
  'qemu.vdpa_guest_reboot': v.strictObject({
    op: v.literal('qemu.vdpa_guest_reboot'), ...common,
    boot: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  }),
};

type MacroStep = {
  op: MacroName; fd: string; id?: string; ram?: { gpa: bigint; size: bigint; hva: bigint; readonly?: boolean; name?: string }[];
  ram_size?: bigint; hva?: bigint; asid?: number; backing_page_size?: bigint; seconds_per_gib?: number;
  note?: string; expect?: Step['expect']; backend_features?: string[]; boot?: string;
};

// ---------------------------------------------------------------- expansion

type RawStep = { op: string; [field: string]: unknown };

export type Expanded = { steps: Step[] } | { issues: ScenarioIssue[] };

/**
 * Validates a macro step and returns its primitive steps (not yet validated: the caller runs each
 * through parseStep, then adds `macro` with attachMacro).
 */
export function expandMacro(raw: unknown, idx: number, ctx: MacroContext, parseStep: (raw: unknown, idx: number) => { step: Step } | { issues: ScenarioIssue[] }): Expanded {
  const where = `steps[${idx}]`;
  const op = (raw as { op: MacroName }).op;
  const r = v.safeParse(SCHEMAS[op], raw);
  if (!r.success) {
    return { issues: r.issues.map((i) => ({ where: where + (i.path ? '.' + i.path.map((p) => String(p.key)).join('.') : ''), step: idx, message: i.message })) };
  }
  const m = r.output as MacroStep;
  const problem = (field: string, message: string): Expanded => ({ issues: [{ where: `${where}.${field}`, step: idx, field, message }] });

  const backing = m.backing_page_size ?? PAGE;
  if (!isPow2(backing) || backing < PAGE) return problem('backing_page_size', 'a power of two of at least 4 KiB (4 KiB, 2 MiB or 1 GiB pages)');
  let layout: RamSection[] | undefined;
  if (m.ram && m.ram_size !== undefined) return problem('ram', 'give either ram (sections) or ram_size, not both');
  if (m.ram) {
    layout = m.ram.map((s, i) => ({ name: s.name ?? `section ${i}`, gpa: s.gpa, size: s.size, hva: s.hva, readonly: s.readonly ?? false }));
    const bad = layout.findIndex((s) => s.size === 0n || !isAligned(s.gpa, PAGE) || !isAligned(s.size, PAGE));
    if (bad >= 0) return problem(`ram[${bad}]`, 'QEMU maps TARGET_PAGE-aligned sections: gpa and size must be non-zero multiples of 4 KiB');
  } else if (m.ram_size !== undefined) {
    if (m.ram_size < Q35_MIN_RAM || m.ram_size > Q35_MAX_RAM || !isAligned(m.ram_size, PAGE)) {
      return problem('ram_size', 'the q35 estimate takes 2 MiB to 64 TiB of RAM, a multiple of 4 KiB');
    }
    layout = q35Layout(m.ram_size, m.hva);
  } else if (op === 'qemu.vdpa_guest_reboot') {
    layout = ctx.layoutOf(m.fd, m.boot);
    if (!layout) {
      return problem(m.boot !== undefined ? 'boot' : 'fd', m.boot !== undefined
        ? `no qemu.vdpa_guest_boot with id "${m.boot}" before this step`
        : `no qemu.vdpa_guest_boot on "${m.fd}" before this step: give ram or ram_size`);
    }
  } else {
    return problem('ram', 'give ram (a list of sections) or ram_size (the q35 layout estimate)');
  }

  const id = m.id ?? `${op}#${idx}`;
  const features = op === 'qemu.vdpa_guest_boot' && m.backend_features ? m.backend_features : ctx.features(m.fd);
  const batch = features.includes('IOTLB_BATCH');
  const persist = features.includes('IOTLB_PERSIST');
  const asid = m.asid ?? 0;
  const fd = m.fd;
  const raws: RawStep[] = [];
  const push = (s: RawStep) => raws.push(s);
  const status = (st: unknown) => push({ op: 'VHOST_VDPA_SET_STATUS', fd, status: st });
  const asidField = asid !== 0 ? { asid } : {};
  const mapAll = (why: string) => {
    if (batch) push({ op: 'VHOST_IOTLB_BATCH_BEGIN', fd, ...asidField, note: why });
    layout!.forEach((s, i) => push({
      op: 'VHOST_IOTLB_UPDATE', fd, ...asidField, iova: s.gpa, size: s.size, uaddr: s.hva, perm: s.readonly ? 'RO' : 'RW',
      ...(batch || i > 0 ? {} : { note: why }),
    }));
    if (batch) push({ op: 'VHOST_IOTLB_BATCH_END', fd, ...asidField });
  };
  const unmapAll = (why: string) => {
    if (batch) push({ op: 'VHOST_IOTLB_BATCH_BEGIN', fd, ...asidField, note: why });
    layout!.forEach((s, i) => push({ op: 'VHOST_IOTLB_INVALIDATE', fd, ...asidField, iova: s.gpa, size: s.size, ...(batch || i > 0 ? {} : { note: why }) }));
    if (batch) push({ op: 'VHOST_IOTLB_BATCH_END', fd, ...asidField });
  };
  const sections = `${layout.length} RAM/ROM section${layout.length === 1 ? '' : 's'}${m.ram_size !== undefined ? ' (q35 layout: an ESTIMATE, reference §2.3)' : ''}`;

  if (op === 'qemu.vdpa_guest_boot') {
    if (m.backend_features) push({ op: 'VHOST_SET_BACKEND_FEATURES', fd, features: m.backend_features });
    status(ST_AD);
    status(ST_ADF);
    mapAll(`QEMU's memory listener maps guest RAM: one UPDATE per ${sections}${batch ? ', in one batch (one set_map on set_map parents)' : ' (no IOTLB_BATCH negotiated: no batch markers)'}.`);
    status(ST_ALL);
  } else {
    status(0);
    status(ST_AD);
    if (!persist) {
      unmapAll('Without IOTLB_PERSIST QEMU tears down every mapping around the reset (vhost_vdpa_reset_status -> memory_listener_unregister): one INVALIDATE per section, unpinning guest RAM.');
    }
    status(ST_ADF);
    if (!persist) mapAll(`... and maps it all again on start (memory_listener_register): one UPDATE per ${sections}, re-pinning guest RAM.`);
    status(ST_ALL);
  }

  const parent = ctx.parent(fd);
  const params = { secondsPerGib: m.seconds_per_gib ?? DEFAULT_SECONDS_PER_GIB, backingPageSize: backing };
  const intro = op === 'qemu.vdpa_guest_boot'
    ? `qemu.vdpa_guest_boot "${id}": QEMU starts the device and maps ${sections}.`
    : persist
      ? `qemu.vdpa_guest_reboot "${id}": IOTLB_PERSIST negotiated, so (with Si-Wei Liu's QEMU patch, whose upstream merge is unverified) QEMU resets the device without unmapping or re-mapping guest RAM.`
      : `qemu.vdpa_guest_reboot "${id}": a guest reboot resets the device (VHOST_VDPA_SET_STATUS 0); without IOTLB_PERSIST QEMU unmaps and re-maps all guest RAM around it.`;
  const first = raws[0]!;
  first.note = [m.note, intro, first.note].filter(Boolean).join(' ');
  if (parent) {
    const plan = planCost(raws, PARENTS[parent], params);
    const last = raws[raws.length - 1]!;
    last.note = formatCost(plan, `Expected from the expansion on a ${parent} parent`) + ' The result\'s note gives the same figures from the simulated state.';
  }

  const out: Step[] = [];
  const issues: ScenarioIssue[] = [];
  const count = raws.length;
  const cost = { seconds_per_gib: params.secondsPerGib, backing_page_size: backing };
  raws.forEach((rs, i) => {
    const p = parseStep(rs, idx);
    if ('issues' in p) issues.push(...p.issues.map((x) => ({ ...x, message: `${op} expands into an invalid step (${rs.op}): ${x.message}` })));
    else out.push(attachMacro(p.step, { id, name: op, index: i, count, cost }, m.expect, i === count - 1));
  });
  if (issues.length > 0) return { issues };
  ctx.remember(id, fd, layout);
  return { steps: out };
}

function attachMacro(step: Step, macro: MacroRef, expect: Step['expect'], last: boolean): Step {
  const allOk = expect !== undefined && expect.ok === true && expect.errno === undefined && expect.out === undefined;
  const e = allOk || last ? expect : undefined;
  return { ...step, macro, ...(e ? { expect: e } : {}) };
}
