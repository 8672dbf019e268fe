// PASIDs and SVA in the view model: mms with their PASID, SVA domains, PASID-table entries,
// uacce queues, and the PASID lanes (the mm's memory for SVA, the HWPT's areas for iommufd).
import { describe, expect, it } from 'vitest';
import { walkSpace } from '../../../src/core/view';
import { layer, node, ranges, scenarioFile, space, stepThrough } from './helpers';

const TASK_LAST = 0x7ffffffff000n - 1n;

describe('one PASID per mm, shared by two devices (sva-bind-two-devices)', () => {
  const run = stepThrough(scenarioFile('sva-bind-two-devices'));

  it('two binds: the mm with its PASID, one SVA domain, an entry per device, the handle names; one PASID lane', () => {
    const s = run.snap(2);
    expect(node(s, 'mm:1')).toMatchObject({ kind: 'mm', label: 'app (mm 1)', handles: ['app'], attrs: { pasid: 1, alive: true, mm_count: 2, bound_devices: 'acc0, acc1' } });
    expect(node(s, 'sva-domain:1')).toMatchObject({ kind: 'sva-domain', attrs: { mm: 1, users: 2 } });
    expect(node(s, 'pasid:acc0:1')).toMatchObject({ kind: 'pasid', label: 'acc0 PASID 1', handles: ['h0'], spaces: ['mm:1'], attrs: { entry: 'first-level', present: true, users: 1 } });
    expect(node(s, 'pasid:acc1:1').handles).toEqual(['h1']);
    const edges = s.edges.map((e) => `${e.id} ${e.label ?? ''}`.trim());
    expect(edges).toEqual(expect.arrayContaining([
      'pasid:device:acc0->pasid:acc0:1 PASID 1', 'attached:pasid:acc0:1->sva-domain:1', 'pasid:device:acc1->pasid:acc1:1 PASID 1',
      'attached:pasid:acc1:1->sva-domain:1', 'shares-mm:sva-domain:1->mm:1',
    ]));
    const lanes = s.spaces.filter((x) => x.kind === 'sva');
    expect(lanes.map((x) => x.id)).toEqual(['mm:1']);
    // app's VMAs are not modelled: the SVA model maps everything below TASK_SIZE, and so does the lane.
    expect(ranges(layer(space(s, 'mm:1'), 'vma'))).toEqual([[0n, TASK_LAST]]);
    expect(s.changes.summary).toEqual(['acc1 PASID 1 attached: first-level entry to SVA domain 1 (app\'s page table)']);
  });

  it('binding again is one more user of the same handle', () => {
    expect(node(run.snap(3), 'pasid:acc0:1')).toMatchObject({ detail: 'SVA domain 1 · 2 users', attrs: { users: 2 } });
    expect(run.snap(3).changes.summary).toEqual(['acc0 PASID 1: attach handle users 2']);
  });

  it('the last unbind frees the domain but not the PASID; the lane goes with the last device', () => {
    const s = run.snap(8);
    expect(s.changes.removedNodes).toEqual(expect.arrayContaining(['sva-domain:1', 'pasid:acc1:1']));
    expect(s.changes.summary).toEqual(expect.arrayContaining([
      'SVA domain 1 freed (its last device detached; mmdrop of mm 1)',
      'app (mm 1): no device bound any more; PASID 1 stays with the mm until it is freed (__mmdrop)',
    ]));
    expect(node(s, 'mm:1').attrs.pasid).toBe(1);
    expect(s.spaces.some((x) => x.id === 'mm:1')).toBe(false);
  });

  it('the process exits with nothing bound: the mm is freed and PASID 1 goes back to the IDA, then to the next mm', () => {
    expect(run.snap(12).changes.summary).toEqual(['app (mm 1) freed (__mmdrop): PASID 1 returned to the global IDA']);
    const s = run.snap(13);
    expect(node(s, 'mm:3')).toMatchObject({ label: 'later (mm 3)', attrs: { pasid: 1 } });
    expect(node(s, 'pasid:acc1:1').attrs).toMatchObject({ mm: 3, process: 'later' });
  });

  it('an SVA PASID has no page table to walk here: the answer says why and what the SVA model decides', () => {
    const w = walkSpace(run.sims[3]!, 'mm:1', 0x7f0000000000n);
    expect(w.walk).toBeNull();
    expect(w.why).toMatch(/CPU page table \(mm->pgd\), which is not modelled; 0x7f0000000000 is mapped there/);
    expect(walkSpace(run.sims[3]!, 'mm:1', 0x800000000000n).why).toMatch(/not mapped there: with PRI the device sends a page request/);
  });
});

describe('seed 000: which goes first, the mm or the fd (uacce)', () => {
  const run = stepThrough(scenarioFile('seed000-fd-close-order-uacce'));

  it('each open is a queue holding the attach handle; the fd points at its queue', () => {
    const s = run.snap(1);
    expect(node(s, 'uacce-queue:3@acc0')).toMatchObject({ kind: 'uacce-queue', attrs: { fd: 3, pasid: 1, node: '/dev/hisi_zip-0' } });
    expect(s.edges.map((e) => e.id)).toEqual(expect.arrayContaining([
      'sva-bind:uacce-queue:3@acc0->pasid:acc0:1', 'sva-bind:uacce-queue:4@acc0->pasid:acc0:1', 'fd:fd:3@uacce-queue:3@acc0->uacce-queue:3@acc0',
    ]));
    expect(node(s, 'fd:3@uacce-queue:3@acc0').handles).toEqual(['fd_acc']);
    expect(node(s, 'uacce-queue:3@acc0').handles).toEqual(['fd_acc']);
  });

  it('exec first: the old mm exits, its entry is torn down (FPD) while the handle and the PASID stay', () => {
    const s = run.snap(3);
    expect(node(s, 'mm:1')).toMatchObject({ badges: ['exited'], attrs: { alive: false, pasid: 1 } });
    expect(node(s, 'pasid:acc0:1')).toMatchObject({ badges: ['torn down'], detail: 'SVA domain 1 · 2 users', attrs: { present: false, fault_processing_disabled: true } });
    expect(s.spaces.some((x) => x.id === 'mm:1')).toBe(false);
    expect(s.changes.summary).toEqual([
      '+self (mm 2): process self runs on a new mm',
      'self (mm 1): process exited (exit_mmap tore its PASID entries down); the mm lives on, mm_count 1',
      'acc0 PASID 1: entry torn down (Fault Processing Disabled: faults not reported)',
    ]);
  });

  it('the last queue closed: domain, entry and mm go, PASID 1 is free', () => {
    const s = run.snap(8);
    expect(s.changes.removedNodes).toEqual(expect.arrayContaining(['mm:1', 'sva-domain:1', 'pasid:acc0:1', 'uacce-queue:4@acc0']));
    expect(s.changes.summary).toContain('self (mm 1) freed (__mmdrop): PASID 1 returned to the global IDA');
  });
});

describe('seed 000 in iommufd terms: a PASID attached to a HWPT', () => {
  const run = stepThrough(scenarioFile('seed000-fd-close-order-iommufd'));

  it('the PASID entry points at the HWPT; its lane shows the HWPT\'s IOAS areas and walks like the HWPT', () => {
    const s = run.snap(6);
    expect(node(s, 'pasid:nic0:7')).toMatchObject({ detail: 'HWPT 3 on IOAS 1', spaces: ['pasid:nic0:7'], attrs: { hwpt: 3, ioas: 1 } });
    expect(s.edges.map((e) => e.id)).toEqual(expect.arrayContaining(['pasid:device:nic0->pasid:nic0:7', 'attached:pasid:nic0:7->hwpt:1:3']));
    const sp = space(s, 'pasid:nic0:7');
    expect(sp).toMatchObject({ kind: 'pasid', node: 'pasid:nic0:7', walkable: true });
    expect(ranges(layer(sp, 'mapping'), true)).toEqual([[0x100000n, 0x2fffffn, 0x7f0000000000n]]);
    expect(s.changes.summary).toEqual(['nic0 PASID 7 attached: second-level entry to HWPT 3']);
    const w = walkSpace(run.sims[7]!, 'pasid:nic0:7', 0x101000n);
    expect(w.space).toBe('pasid:nic0:7');
    expect(w.walk?.result).toMatchObject({ kind: 'translated', userAddr: 0x7f0000001000n });
  });

  it('closing the iommufd first keeps the attachment (the binding holds the context); closing the device detaches it', () => {
    expect(node(run.snap(8), 'pasid:nic0:7').attrs.hwpt).toBe(3);
    const s = run.snap(10);
    expect(s.changes.removedNodes).toContain('pasid:nic0:7');
    expect(s.changes.summary).toContain('nic0 PASID 7 detached from iommufd HWPT 3');
  });
});
