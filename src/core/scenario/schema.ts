// Scenario format v1 (shared/scenario-format.md): valibot schemas generated from the op table,
// so that files, links, the CLI and the worker all validate with the same rules. 64-bit values
// become bigint here and stay bigint everywhere after.

import * as v from 'valibot';
import { ERRNOS } from '../errno';
import { PLATFORM_NAMES } from '../platform/presets';
import { parseU64 } from '../u64';
import { u64Schema } from './u64-schema';
import { preview } from './serialize';
import type { FieldSpec } from './ops';
import { FLAG_PREFIXES, OPS, OP_NAMES } from './ops';

export const FORMAT_ID = 'iova-atlas.scenario';
export const CURRENT_VERSION = 1;
export const MAX_STEPS = 200_000;
export const MAX_DEVICES = 4096;

const intSchema = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const x = dataset.value;
    if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 && x <= 0xffffffff) return x;
    if (typeof x === 'string') {
      const r = parseU64(x);
      if (r.ok && r.value <= 0xffffffffn) return Number(r.value);
    }
    addIssue({ message: `expected a small non-negative integer, got ${preview(x)}` });
    return NEVER;
  }),
);

const handleSchema = v.pipe(
  v.string('expected a handle name (a string given as `as` by an earlier step)'),
  v.minLength(1, 'a handle name cannot be empty'),
  v.maxLength(64, 'a handle name is at most 64 characters'),
);

const textSchema = (max: number) => v.pipe(v.string(), v.maxLength(max, `at most ${max} characters`));

function flagsSchema(values: readonly string[]) {
  return v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      let list: unknown = dataset.value;
      if (typeof list === 'string') list = list.split(/[|,\s]+/).filter(Boolean);
      if (!Array.isArray(list) || list.length > 16) {
        addIssue({ message: `expected a list of flag names (${values.join(', ')})` });
        return NEVER;
      }
      const out: string[] = [];
      for (const f of list) {
        if (typeof f !== 'string') {
          addIssue({ message: `flag ${preview(f)} is not a name (${values.join(', ')})` });
          return NEVER;
        }
        const name = stripPrefix(f);
        if (!values.includes(name)) {
          addIssue({ message: `unknown flag "${f.slice(0, 40)}" (known: ${values.join(', ')})` });
          return NEVER;
        }
        if (!out.includes(name)) out.push(name);
      }
      return out;
    }),
  );
}

function stripPrefix(f: string): string {
  for (const p of FLAG_PREFIXES) if (f.startsWith(p)) return f.slice(p.length);
  return f;
}

const rangesSchema = v.pipe(
  v.array(v.strictObject({ start: u64Schema, last: u64Schema }), 'expected a list of { "start", "last" } ranges'),
  v.maxLength(4096, 'at most 4096 ranges'),
);

const statusSchema = v.union(
  [v.literal(0), v.pipe(v.array(v.picklist(['ACKNOWLEDGE', 'DRIVER', 'DRIVER_OK', 'FEATURES_OK', 'NEEDS_RESET', 'FAILED'])), v.maxLength(8))],
  'expected 0 (reset) or a list of status bits (ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK)',
);

function fieldSchema(f: FieldSpec): v.GenericSchema {
  switch (f.kind) {
    case 'u64': return u64Schema;
    case 'int': return intSchema;
    case 'handle': return handleSchema;
    case 'string': return textSchema(256);
    case 'flags': return flagsSchema(f.values ?? []);
    case 'enum': return v.picklist(f.values as string[], `expected one of ${(f.values ?? []).join(', ')}`);
    case 'ranges': return rangesSchema;
    case 'status': return statusSchema;
  }
}

const expectSchema = v.pipe(
  v.strictObject({
    ok: v.optional(v.boolean()),
    errno: v.optional(v.picklist(ERRNOS as unknown as string[], 'unknown errno name')),
    out: v.optional(v.record(v.string(), v.unknown())),
  }, 'expect takes { "errno": "EINVAL" } or { "ok": true, "out": { ... } }'),
  v.check((e) => !(e.ok === true && e.errno !== undefined), 'expect cannot have both "ok": true and an errno'),
  v.check((e) => !(e.ok === false && e.out !== undefined), 'expect cannot have "ok": false with an out'),
  v.check((e) => e.ok !== undefined || e.errno !== undefined || e.out !== undefined, 'expect is empty'),
);

const common = {
  note: v.optional(textSchema(8000)),
  expect: v.optional(expectSchema),
};

/** One strict object schema per op; unknown fields are errors (they are nearly always typos). */
export const STEP_SCHEMAS: Record<string, v.GenericSchema> = Object.fromEntries(
  OP_NAMES.map((name) => {
    const spec = OPS[name];
    const entries: Record<string, v.GenericSchema> = { op: v.literal(name), ...common };
    for (const [k, f] of Object.entries(spec.fields)) entries[k] = f.optional ? v.optional(fieldSchema(f)) : fieldSchema(f);
    const as = 'as' in spec ? spec.as : undefined;
    if (as === 'required') entries.as = handleSchema;
    else if (as === 'optional') entries.as = v.optional(handleSchema);
    return [name, v.strictObject(entries)];
  }),
);

const deviceSchema = v.strictObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  bdf: v.optional(textSchema(32)),
  group: intSchema,
  kind: v.optional(v.picklist(['pci', 'mock', 'vdpa'])),
  parent: v.optional(v.picklist(['mlx5', 'vdpa_sim', 'platform-iommu'])),
  max_pasids: v.optional(intSchema),
  pasid_attach_ioas: v.optional(v.boolean()),
  uacce: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a uacce node name such as "hisi_zip-0"'))),
  label: v.optional(textSchema(200)),
});

const overridesSchema = v.strictObject({
  aperture: v.optional(v.strictObject({ start: u64Schema, end: u64Schema })),
  pgsize_bitmap: v.optional(u64Schema),
  reserved: v.optional(v.pipe(v.array(v.strictObject({
    start: u64Schema, last: u64Schema,
    type: v.optional(v.picklist(['MSI', 'SW_MSI', 'RESERVED', 'DIRECT', 'DIRECT_RELAXABLE'])),
  })), v.maxLength(64))),
});

/** The document minus its steps (steps are validated one by one for precise errors). */
export const documentSchema = v.strictObject({
  format: v.literal(FORMAT_ID, `"format" must be "${FORMAT_ID}"`),
  version: v.literal(CURRENT_VERSION),
  title: v.optional(textSchema(200)),
  description: v.optional(textSchema(20000)),
  platform: v.picklist(PLATFORM_NAMES as unknown as string[], `unknown platform (known: ${PLATFORM_NAMES.join(', ')})`),
  platform_overrides: v.optional(overridesSchema),
  kernel: v.optional(v.strictObject({
    vfio_container: v.optional(v.picklist(['legacy', 'iommufd'])),
    // vfio_iommu_type1.ko module parameter (default 65535).
    dma_entry_limit: v.optional(intSchema),
    // vhost_vdpa.ko module parameter (default 2048 entries per ASID).
    vhost_vdpa_max_iotlb_entries: v.optional(intSchema),
  })),
  devices: v.optional(v.pipe(v.array(deviceSchema), v.maxLength(MAX_DEVICES)), []),
  steps: v.pipe(v.array(v.unknown(), '"steps" must be a list of operations'), v.maxLength(MAX_STEPS, `at most ${MAX_STEPS} steps`)),
});
