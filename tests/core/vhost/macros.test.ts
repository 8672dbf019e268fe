// The QEMU-like macros: what they expand into at parse time, and how they report their cost.
import { describe, expect, it } from 'vitest';
import { parseScenarioValue } from '../../../src/core/scenario/parse';
import { GiB, MiB, TiB } from '../../../src/core/u64';
import { q35Layout } from '../../../src/core/vhost/qemu-layout';
import { features, json, lastInspect, open, parse, run, vdpaDoc } from './helpers';

const boot = (extra: Record<string, unknown> = {}) => ({ op: 'qemu.vdpa_guest_boot', fd: 'v', ram_size: '0x100000000', ...extra });
const reboot = (extra: Record<string, unknown> = {}) => ({ op: 'qemu.vdpa_guest_reboot', fd: 'v', ...extra });
const ops = (doc: unknown) => parse(doc).steps.map((s) => s.op + (s.op === 'VHOST_VDPA_SET_STATUS' ? ':' + JSON.stringify(s.status) : ''));

describe('q35 layout (ESTIMATE)', () => {
  it('RAM from 2.75 GiB on: 2 GiB low, the rest above 4 GiB; six sections, ROMs read-only', () => {
    const l = q35Layout(TiB);
    expect(l.map((s) => [s.gpa, s.size, s.readonly])).toEqual([
      [0n, 0xa0000n, false], [0xc0000n, 0x20000n, true], [0xe0000n, 0x20000n, true],
      [MiB, 2n * GiB - MiB, false], [4n * GiB - 0x40000n, 0x40000n, true], [4n * GiB, TiB - 2n * GiB, false],
    ]);
    // Guest RAM is one host block: sections keep their offsets in it.
    expect(l[3]!.hva - l[0]!.hva).toBe(MiB);
    expect(l[5]!.hva - l[0]!.hva).toBe(2n * GiB);
  });

  it('below 2.75 GiB everything stays below 4 GiB', () => {
    const l = q35Layout(2n * GiB + 512n * MiB);
    expect(l).toHaveLength(5);
    expect(l[3]!.gpa + l[3]!.size).toBe(2n * GiB + 512n * MiB);
  });
});

describe('expansion', () => {
  it('boot: features, ACK|DRIVER, FEATURES_OK, a batch of one UPDATE per section, DRIVER_OK; every step tagged', () => {
    const doc = vdpaDoc('mlx5', [open(), boot({ backend_features: ['IOTLB_MSG_V2', 'IOTLB_BATCH'], id: 'b' })]);
    expect(ops(doc)).toEqual([
      'open', 'VHOST_SET_BACKEND_FEATURES', 'VHOST_VDPA_SET_STATUS:["ACKNOWLEDGE","DRIVER"]', 'VHOST_VDPA_SET_STATUS:["ACKNOWLEDGE","DRIVER","FEATURES_OK"]',
      'VHOST_IOTLB_BATCH_BEGIN', ...Array(6).fill('VHOST_IOTLB_UPDATE'), 'VHOST_IOTLB_BATCH_END',
      'VHOST_VDPA_SET_STATUS:["ACKNOWLEDGE","DRIVER","FEATURES_OK","DRIVER_OK"]',
    ]);
    const steps = parse(doc).steps.slice(1);
    expect(steps.map((s) => s.macro?.index)).toEqual(steps.map((_, i) => i));
    expect(steps.every((s) => s.macro?.id === 'b' && s.macro.name === 'qemu.vdpa_guest_boot' && s.macro.count === 12)).toBe(true);
    expect(steps.filter((s) => s.op === 'VHOST_IOTLB_UPDATE').map((s) => s.perm)).toEqual(['RW', 'RO', 'RO', 'RW', 'RO', 'RW']);
  });

  it('without IOTLB_BATCH negotiated there are no batch markers', () => {
    expect(ops(vdpaDoc('mlx5', [open(), boot()])).filter((o) => o.startsWith('VHOST_IOTLB_BATCH'))).toEqual([]);
  });

  it('reboot without IOTLB_PERSIST: reset, ACK|DRIVER, INVALIDATE batch, FEATURES_OK, UPDATE batch, DRIVER_OK', () => {
    const doc = vdpaDoc('mlx5', [open(), features(['IOTLB_MSG_V2', 'IOTLB_BATCH']), boot(), reboot()]);
    const all = ops(doc);
    expect(all.slice(all.length - 20)).toEqual([
      'VHOST_VDPA_SET_STATUS:0', 'VHOST_VDPA_SET_STATUS:["ACKNOWLEDGE","DRIVER"]',
      'VHOST_IOTLB_BATCH_BEGIN', ...Array(6).fill('VHOST_IOTLB_INVALIDATE'), 'VHOST_IOTLB_BATCH_END',
      'VHOST_VDPA_SET_STATUS:["ACKNOWLEDGE","DRIVER","FEATURES_OK"]',
      'VHOST_IOTLB_BATCH_BEGIN', ...Array(6).fill('VHOST_IOTLB_UPDATE'), 'VHOST_IOTLB_BATCH_END',
      'VHOST_VDPA_SET_STATUS:["ACKNOWLEDGE","DRIVER","FEATURES_OK","DRIVER_OK"]',
    ]);
  });

  it('reboot with IOTLB_PERSIST negotiated: no unmap, no remap', () => {
    const doc = vdpaDoc('mlx5', [open(), features(['IOTLB_MSG_V2', 'IOTLB_BATCH', 'IOTLB_PERSIST']), boot(), reboot()]);
    const all = ops(doc);
    expect(all.slice(all.length - 4)).toEqual([
      'VHOST_VDPA_SET_STATUS:0', 'VHOST_VDPA_SET_STATUS:["ACKNOWLEDGE","DRIVER"]',
      'VHOST_VDPA_SET_STATUS:["ACKNOWLEDGE","DRIVER","FEATURES_OK"]', 'VHOST_VDPA_SET_STATUS:["ACKNOWLEDGE","DRIVER","FEATURES_OK","DRIVER_OK"]',
    ]);
  });

  it('the last SET_BACKEND_FEATURES on the fd decides, and a reopen forgets it', () => {
    const doc = vdpaDoc('mlx5', [open(), features(['IOTLB_PERSIST']), { op: 'close', fd: 'v' }, open(), boot(), reboot()]);
    expect(ops(doc).filter((o) => o === 'VHOST_IOTLB_INVALIDATE')).toHaveLength(6);
  });

  it('reboot takes an explicit layout, the boot named by `boot`, or the last boot on the fd', () => {
    const ram = [{ gpa: '0x0', size: '0x40000000', hva: '0x7e0000000000' }];
    const withRam = (r: unknown, extra: Record<string, unknown> = {}) => ({ op: 'qemu.vdpa_guest_boot', fd: 'v', ram: r, ...extra });
    const invalidated = (steps: unknown[]) => parse(vdpaDoc('vdpa_sim', steps)).steps.filter((s) => s.op === 'VHOST_IOTLB_INVALIDATE').map((s) => s.size);
    const tiny = [{ gpa: '0x0', size: '0x1000', hva: '0x7e0000000000' }];
    expect(invalidated([open(), withRam(ram, { id: 'small' }), withRam(tiny), reboot({ boot: 'small' })])).toEqual([0x40000000n]);
    expect(invalidated([open(), withRam(ram, { id: 'small' }), withRam(tiny), reboot()])).toEqual([0x1000n]);
    expect(invalidated([open(), withRam(ram), reboot({ ram: tiny })])).toEqual([0x1000n]);
  });

  it('`expect: {ok: true}` goes onto every expanded step; an errno only onto the last; `note` onto the first', () => {
    const all = parse(vdpaDoc('vdpa_sim', [open(), boot({ expect: { ok: true }, note: 'hello' })])).steps.slice(1);
    expect(all.every((s) => s.expect?.ok === true)).toBe(true);
    expect(all[0]!.note).toMatch(/^hello /);
    const last = parse(vdpaDoc('vdpa_sim', [open(), boot({ expect: { errno: 'EINVAL' } })])).steps.slice(1);
    expect(last.map((s) => s.expect?.errno ?? null)).toEqual([...Array(last.length - 1).fill(null), 'EINVAL']);
  });

  it('invalid macros are reported where they are', () => {
    const bad = (step: unknown) => {
      const p = parseScenarioValue(vdpaDoc('vdpa_sim', [open(), step]));
      return p.ok ? [] : p.issues.map((i) => i.where + ': ' + i.message);
    };
    expect(bad(reboot())[0]).toMatch(/^steps\[1\]\.fd: no qemu\.vdpa_guest_boot on "v"/);
    expect(bad(boot({ ram: [{ gpa: '0x0', size: '0x1000', hva: '0x0' }] }))[0]).toMatch(/^steps\[1\]\.ram: give either ram/);
    expect(bad({ op: 'qemu.vdpa_guest_boot', fd: 'v' })[0]).toMatch(/^steps\[1\]\.ram: give ram/);
    expect(bad(boot({ ram_size: '0x1000' }))[0]).toMatch(/^steps\[1\]\.ram_size/);
    expect(bad(boot({ backing_page_size: '0x3000' }))[0]).toMatch(/backing_page_size/);
    expect(bad(boot({ colour: 'red' })).length).toBe(1);
    expect(bad({ op: 'qemu.vdpa_guest_boot', fd: 'nope', ram_size: '0x100000000' })[0]).toMatch(/handle "nope" is used before/);
  });
});

describe('running the macros', () => {
  it('boot then reboot on vdpa_sim without IOTLB_PERSIST ends in sync, every step succeeds', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [open(), boot({ backend_features: ['IOTLB_MSG_V2', 'IOTLB_BATCH'] }), reboot(), { op: 'inspect', target: 'v' }]));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(lastInspect(results).translation[0].state).toBe('in sync');
  });

  it('the reboot\'s last result reports the cost from the state, equal to what the expansion predicted', () => {
    const { results, scenario } = run(vdpaDoc('platform-iommu', [open(), boot({ backend_features: ['IOTLB_MSG_V2', 'IOTLB_BATCH'], ram_size: '0x4000000000' }), reboot()]));
    const last = results[results.length - 1]!;
    expect(last.ok && last.note).toBe(
      'Reboot cost (since the reset): 6 UPDATE (map) messages, 6 INVALIDATE, parent calls iommu_map ×6, iommu_unmap ×6, ' +
      '67108896 pages of 4 KiB pinned, 256 GiB re-mapped ≈ 53.76 s (ESTIMATE: 0.21 s/GiB; anchor 128 GiB ≈ 27 s, qemu-devel Aug 2025).');
    const predicted = scenario.steps[scenario.steps.length - 1]!.note!;
    expect(predicted.replace(/^Expected from the expansion on a platform-iommu parent/, 'X').replace(/ The result's note.*$/, ''))
      .toBe(json(last).note.replace(/^Reboot cost \(since the reset\)/, 'X'));
  });
});
