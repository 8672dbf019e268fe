// Page requests (reference §3.8): only the last request of a group is answered; the SVA handler
// answers SUCCESS or INVALID (first error sticky); no handler -> INVALID at once and EINVAL.
import { describe, expect, it } from 'vitest';
import { bind, dma, exit, fault, inspect, Script } from './helpers';

describe('page requests and responses', () => {
  it('partial requests wait for the last one of their group; the group gets one response', () => {
    const run = new Script()
      .add(null, bind('h', 'acc0', 'app'))
      .add('p1', fault('acc0', 1, '0x7f0000000000', 4, { last_page: 0 }))
      .add('other-group', fault('acc0', 1, '0x7f0000010000', 5, { last_page: 0 }))
      .add('last', fault('acc0', 1, '0x7f0000001000', 4))
      .run();
    expect(run.out('p1')).toEqual({ queued: true, partial: 1 });
    expect(run.out('last')).toEqual({ response: 'SUCCESS', requests: 2, pasid: 1 });
    expect(run.dev('acc0').partial.map((r) => r.grpid)).toEqual([5]);
    expect(run.dev('acc0').responses.map((r) => [r.grpid, r.code, r.requests])).toEqual([[4, 'SUCCESS', 2]]);
  });

  it('INVALID: no VMA (the scenario process\'s memory, once it mmaps), an EXEC request on anonymous memory; the first error is sticky', () => {
    const run = new Script()
      .add(null, { op: 'mmap', length: '0x10000', addr: '0x7f0000000000', as: 'buf' }, { op: 'open', path: '/dev/hisi_zip-0', as: 'q' })
      .add('ok', fault('acc0', 1, '0x7f0000000000', 1))
      .add('novma', fault('acc0', 1, '0x7f0000100000', 2))
      .add('exec', fault('acc0', 1, '0x7f0000000000', 3, { perm: ['READ', 'EXEC'] }))
      .add(null, fault('acc0', 1, '0x7f0000200000', 6, { last_page: 0 }))
      .add('sticky', fault('acc0', 1, '0x7f0000000000', 6))
      .add('prq', inspect('q'))
      .run();
    expect(run.out('ok')).toMatchObject({ response: 'SUCCESS' });
    expect(run.out('novma')).toMatchObject({ response: 'INVALID' });
    expect(run.note('novma')).toMatch(/no VMA/);
    expect(run.out('exec')).toMatchObject({ response: 'INVALID' });
    expect(run.out('sticky')).toMatchObject({ response: 'INVALID', requests: 2 });
    const prq = run.out('prq').prq as { responses: { code: string }[] };
    expect(prq.responses.map((r) => r.code)).toEqual(['SUCCESS', 'INVALID', 'INVALID', 'INVALID']);
  });

  it('no fault handler (nothing at the PASID, no PASID, an iommufd HWPT without a fault queue): INVALID at once and the call returns EINVAL', () => {
    const run = new Script()
      .add('nothing', fault('acc0', 9, '0x1000', 1))
      .add('nopasid', fault('acc0', null, '0x1000', 2))
      .run();
    expect(run.errno('nothing')).toBe('EINVAL');
    expect(run.r('nothing')).toMatchObject({ partial: true });
    expect(run.errno('nopasid')).toBe('EINVAL');
    expect(run.dev('acc0').responses.map((r) => r.code)).toEqual(['INVALID', 'INVALID']);
  });

  it('after the mm exited the handler still runs but mmget_not_zero fails: INVALID; plain DMA is suppressed', () => {
    const run = new Script()
      .add(null, bind('h', 'acc0', 'app'), exit('app'))
      .add('req', fault('acc0', 1, '0x7f0000000000', 1))
      .add('dma', dma('acc0', 1, '0x7f0000000000'))
      .run();
    expect(run.out('req')).toMatchObject({ response: 'INVALID' });
    expect(run.out('dma')).toMatchObject({ result: 'fault', reported: false });
  });

  it('platforms without SVA have no fault_param: EINVAL, no response recorded', () => {
    const run = new Script().add('ppc', fault('p0', 1, '0x1000', 1)).run({ platform: 'ppc-powernv', devices: [{ id: 'p0', group: 1 }] });
    expect(run.errno('ppc')).toBe('EINVAL');
    expect(run.dev('p0').responses).toEqual([]);
  });
});
