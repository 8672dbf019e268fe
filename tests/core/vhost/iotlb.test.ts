// The vhost IOTLB write path: what write() returns (EFAULT for every handler error, EINVAL only
// for vhost_chr_write_iter's own checks), overlap, whole-entry invalidation, ASIDs and batches.
import { describe, expect, it } from 'vitest';
import { begin, end, features, inspect, inv, json, lastInspect, open, outcome, run, U, upd, vdpaDoc } from './helpers';

const ASID_FEATURES = features(['IOTLB_MSG_V2', 'IOTLB_BATCH', 'IOTLB_ASID']);

describe('UPDATE', () => {
  it('an overlap is EFAULT from write(), with the inner EEXIST in the reason, and leaves nothing', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [open(), upd('0x100000', '0x10000'), upd('0x10f000', '0x2000', '0x7f0000100000'), inspect()]));
    const r = results[2]!;
    expect(outcome(r)).toBe('EFAULT');
    if (r.ok) throw new Error('unreachable');
    expect(r.reason).toContain('inner -EEXIST');
    expect(r.source).toBe('drivers/vhost/vdpa.c: vhost_vdpa_process_iotlb_update');
    expect(lastInspect(results).iotlb).toEqual([{ asid: 0, iova: '0x100000', size: '0x10000', uaddr: U, perm: 'RW' }]);
  });

  it('a successful write returns sizeof(struct vhost_msg_v2) = 72', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [open(), upd('0x1000', '0x1000')]));
    expect(results[1]).toMatchObject({ ok: true, ret: 72 });
  });

  it('size 0 is EINVAL (checked before the handler), a wrapping range EFAULT (inner EINVAL)', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [open(), upd('0x1000', '0x0'), upd('0xfffffffffffff000', '0x2000'), upd('0xfffffffffffff000', '0x1000')]));
    expect(results.slice(1).map(outcome)).toEqual(['EINVAL', 'EFAULT', 'ok']);
    if (results[2]!.ok) throw new Error('unreachable');
    expect(results[2]!.reason).toContain('inner -EINVAL');
    expect(results[1]!.ok ? '' : results[1]!.source).toBe('drivers/vhost/vhost.c: vhost_chr_write_iter');
  });

  it('adjacent entries are not merged', () => {
    const { results } = run(vdpaDoc('mlx5', [open(), upd('0x0', '0x1000'), upd('0x1000', '0x1000', '0x7f0000001000'), inspect()]));
    expect(lastInspect(results).iotlb.map((e: any) => [e.iova, e.size])).toEqual([['0x0', '0x1000'], ['0x1000', '0x1000']]);
  });

  it('PA mode pins whole pages: an unaligned UPDATE becomes a page-aligned entry', () => {
    const { results } = run(vdpaDoc('mlx5', [open(), upd('0x1800', '0x1000', '0x7f0000000800'), inspect()]));
    const out = lastInspect(results);
    expect(out.iotlb).toEqual([{ asid: 0, iova: '0x1000', size: '0x2000', uaddr: U, perm: 'RW' }]);
    expect(out.pinned_pages).toBe('0x2');
  });

  it('user-VA mode (vdpa_sim) keeps the exact range and pins nothing', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [open(), upd('0x1800', '0x1000', '0x7f0000000800'), inspect()]));
    const out = lastInspect(results);
    expect(out.iotlb).toEqual([{ asid: 0, iova: '0x1800', size: '0x1000', uaddr: '0x7f0000000800', perm: 'RW' }]);
    expect(out.pinned_pages).toBe('0x0');
  });

  it('a platform-IOMMU parent refuses an UPDATE past its domain aperture (VT-d 48-bit)', () => {
    const { results } = run(vdpaDoc('platform-iommu', [open(), upd('0xfffffffff000', '0x1000'), upd('0xfffffffff000', '0x2000')]));
    expect(results.slice(1).map(outcome)).toEqual(['ok', 'EFAULT']);
  });

  it('PA mode: pinning memory the process has not mapped fails and undoes everything', () => {
    const steps = [
      { op: 'mmap', length: '0x180000', addr: U, as: 'mem' }, open(),
      upd('0x0', '0x400000'), // runs past the mapping at page 384, in the middle of the first 512-page pin batch
      upd('0x0', '0x1000', '0x7e0000000000'), // first page of a batch faults
      inspect(),
    ];
    const { results } = run(vdpaDoc('mlx5', steps));
    expect(results.slice(2, 4).map(outcome)).toEqual(['EFAULT', 'EFAULT']);
    expect(results[2]!.ok ? '' : results[2]!.reason).toContain('inner -ENOMEM');
    expect(results[3]!.ok ? '' : results[3]!.reason).toContain('inner -EFAULT');
    const out = lastInspect(results);
    expect(out.iotlb).toEqual([]);
    expect(out.pinned_pages).toBe('0x0');
    // The undo is vhost_vdpa_unmap, which calls set_map on set_map parents outside a batch.
    expect(out.parent_calls.set_map).toBe(2);
  });
});

describe('INVALIDATE', () => {
  it('removes every overlapping entry whole (no split) and unpins it', () => {
    const { results } = run(vdpaDoc('mlx5', [
      open(), upd('0x100000', '0x200000'), upd('0x300000', '0x100000', '0x7f0000200000'), upd('0x500000', '0x1000', '0x7f0000300000'),
      inv('0x2ff000', '0x2000'), inspect(),
    ]));
    const out = lastInspect(results);
    expect(out.iotlb.map((e: any) => e.iova)).toEqual(['0x500000']);
    expect(out.pinned_pages).toBe('0x1');
  });

  it('an empty range succeeds; size 0 at iova 0 empties the ASID; size 0 elsewhere removes nothing', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [
      open(), upd('0x100000', '0x1000'), upd('0x200000', '0x1000'),
      inv('0x900000', '0x1000'), inv('0x100000', '0x0'), inspect(), inv('0x0', '0x0'), inspect(),
    ]));
    expect(results.slice(3, 5).map(outcome)).toEqual(['ok', 'ok']);
    expect(json(results[5]!.ok && results[5]!.out).iotlb).toHaveLength(2);
    expect(lastInspect(results).iotlb).toEqual([]);
  });

  it('a wrapping range (iova + size - 1 < iova) finds nothing', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [open(), upd('0x1000', '0x1000'), inv('0xfffffffffffff000', '0x3000'), inspect()]));
    expect(outcome(results[2]!)).toBe('ok');
    expect(lastInspect(results).iotlb).toHaveLength(1);
  });

  it('on an ASID never populated it is EFAULT (inner EINVAL); so is BATCH_END', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [open(), ASID_FEATURES, inv('0x0', '0x1000', { asid: 1 }), end({ asid: 1 }), inv('0x0', '0x1000')]));
    expect(results.slice(2).map(outcome)).toEqual(['EFAULT', 'EFAULT', 'EFAULT']);
    expect(results[2]!.ok ? '' : results[2]!.reason).toContain('inner -EINVAL: no iotlb for asid 1');
  });
});

describe('ASIDs and batches', () => {
  it('without IOTLB_ASID the asid field is ignored (ASID 0), and the result says so', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [open(), upd('0x0', '0x1000', U, { asid: 1 }), inspect()]));
    expect(results[1]).toMatchObject({ ok: true, note: 'asid 1 ignored: IOTLB_ASID not negotiated, so ASID 0' });
    expect(lastInspect(results).iotlb[0].asid).toBe(0);
  });

  it('an ASID >= nas is refused; the same IOVA lives in two ASIDs', () => {
    const { results } = run(vdpaDoc('mlx5', [open(), ASID_FEATURES, upd('0x0', '0x1000', U, { asid: 2 }), upd('0x0', '0x1000'), upd('0x0', '0x1000', U, { asid: 1 }), inspect()]));
    expect(results.slice(2, 5).map(outcome)).toEqual(['EFAULT', 'ok', 'ok']);
    expect(lastInspect(results).address_spaces).toEqual([0, 1]);
  });

  it('a platform-IOMMU parent has one address space', () => {
    const { results } = run(vdpaDoc('platform-iommu', [open(), ASID_FEATURES, upd('0x0', '0x1000', U, { asid: 1 })]));
    expect(outcome(results[2]!)).toBe('EFAULT');
  });

  it('mixing ASIDs in a batch is refused, but the refused UPDATE already created its ASID (partial)', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [
      open(), ASID_FEATURES, begin(), upd('0x0', '0x1000', U, { asid: 1 }), end(), inv('0x0', '0x1000', { asid: 1 }), inspect(),
    ]));
    expect(results[3]).toMatchObject({ ok: false, errno: 'EFAULT', partial: true });
    expect(outcome(results[5]!)).toBe('ok');
    expect(lastInspect(results).address_spaces).toEqual([0, 1]);
  });

  it('BATCH_BEGIN creates the ASID; BATCH_END without a batch is a no-op', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [open(), ASID_FEATURES, begin({ asid: 1 }), end({ asid: 1 }), end({ asid: 1 }), inspect()]));
    expect(results.slice(2, 5).map(outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(lastInspect(results)).toMatchObject({ address_spaces: [1], in_batch: null });
  });

  it('set_map parents hear a batch once, at BATCH_END; platform parents map as they go', () => {
    const batch = [open(), begin(), upd('0x0', '0x1000'), upd('0x1000', '0x1000'), upd('0x2000', '0x1000'), inspect(), end(), inspect()];
    const mlx = run(vdpaDoc('mlx5', batch)).results;
    expect(json(mlx[5]!.ok && mlx[5]!.out).translation[0]).toMatchObject({ device: 'identity', untranslated: 3 });
    expect(lastInspect(mlx)).toMatchObject({ parent_calls: { set_map: 1 }, translation: [{ state: 'in sync', device_entries: 3 }, { device: 'none' }] });
    const plat = run(vdpaDoc('platform-iommu', batch)).results;
    expect(json(plat[5]!.ok && plat[5]!.out).translation[0]).toMatchObject({ state: 'in sync', device_entries: 3 });
    expect(lastInspect(plat).parent_calls).toMatchObject({ iommu_map: 3, set_map: 0 });
  });

  it('outside a batch every UPDATE and every INVALIDATE is one set_map, even one that removes nothing', () => {
    const { results } = run(vdpaDoc('mlx5', [open(), upd('0x0', '0x1000'), upd('0x1000', '0x1000'), inv('0x9000', '0x1000'), inspect()]));
    expect(lastInspect(results).parent_calls.set_map).toBe(3);
  });
});

describe('the IOTLB entry limit (max_iotlb_entries)', () => {
  it('a full ASID refuses the next entry with inner ENOSPC; the module parameter is the scenario kernel option', () => {
    const steps = [open(), upd('0x0', '0x1000'), upd('0x1000', '0x1000'), upd('0x2000', '0x1000'), inv('0x0', '0x1000'), upd('0x2000', '0x1000'), upd('0x3000', '0x1000')];
    const { results } = run(vdpaDoc('vdpa_sim', steps, { kernel: { vhost_vdpa_max_iotlb_entries: 2 } }));
    expect(results.slice(1).map(outcome)).toEqual(['ok', 'ok', 'EFAULT', 'ok', 'ok', 'EFAULT']);
    expect(results[3]!.ok ? '' : results[3]!.reason).toContain('inner -ENOSPC');
    expect(results[3]!.ok ? '' : results[3]!.source).toBe('drivers/vhost/iotlb.c: vhost_iotlb_add_range_ctx');
  });

  it('the limit is per ASID and defaults to 2048', () => {
    const steps: unknown[] = [open(), ASID_FEATURES];
    for (let i = 0; i < 2049; i++) steps.push(upd('0x' + (i * 0x1000).toString(16), '0x1000'));
    steps.push(upd('0x0', '0x1000', U, { asid: 1 }));
    const { results } = run(vdpaDoc('platform-iommu', steps.slice(0, -1)));
    expect(outcome(results[2 + 2047]!)).toBe('ok');
    expect(outcome(results[2 + 2048]!)).toBe('EFAULT');
    const two = run(vdpaDoc('mlx5', steps)).results;
    expect(outcome(two[two.length - 1]!)).toBe('ok');
  });
});

describe('user-VA mode with the process memory modelled (mmap steps)', () => {
  const mm = (addr: string, length: string) => ({ op: 'mmap', addr, length });
  it('one entry per VMA piece; a hole before a VMA is bridged by find_vma; the stack region is skipped silently', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [
      mm('0x7f0000000000', '0x2000'), mm('0x7f0000003000', '0x1000'), open(),
      upd('0x100000', '0x4000', '0x7f0000000000'), // VMA 1 (2 pages), then hole + VMA 2 as one piece
      upd('0x200000', '0x1000', '0x7f0000100000'), // above every mmap: only the stack VMA is there
      inspect(),
    ]));
    expect(results.slice(3, 5).map(outcome)).toEqual(['ok', 'ok']);
    expect(lastInspect(results).iotlb.map((e: any) => [e.iova, e.size, e.uaddr])).toEqual([
      ['0x100000', '0x2000', '0x7f0000000000'], ['0x102000', '0x2000', '0x7f0000002000'],
    ]);
  });

  it('past the stack find_vma() is NULL: EINVAL inside; at iova 0 the undo empties the whole ASID', () => {
    const { results } = run(vdpaDoc('vdpa_sim', [
      mm('0x7f0000000000', '0x1000'), open(), upd('0x100000', '0x1000', '0x7f0000000000'),
      upd('0x200000', '0x1000', '0x7ffffffff000'), inspect(), upd('0x0', '0x1000', '0x7ffffffff000'), inspect(),
    ]));
    expect(outcome(results[3]!)).toBe('EFAULT');
    expect(results[3]!.ok ? '' : results[3]!.reason).toContain('inner -EINVAL');
    expect(json(results[4]!.ok && results[4]!.out).iotlb).toHaveLength(1);
    expect(results[5]!.ok ? '' : results[5]!.reason).toContain('the whole ASID');
    expect(lastInspect(results).iotlb).toEqual([]);
  });
});
