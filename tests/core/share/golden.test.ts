// Every link version ever written keeps opening: a golden link per version, committed as a
// string, decoded through the migration chain to the current form. A new version adds its golden
// link here and never edits the older ones.

import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeLink, LINK_VERSION } from '../../../src/core/share';
import { crc32 } from '../../../src/core/share/crc32';
import { DEFLATE_DICT_V1 } from '../../../src/core/share/deflate-dict-v1';
import { META_V1, OPS_V1 } from '../../../src/core/share/dict-v1';
import { jsonEqual } from '../../../src/core/share/json';
import { GOLDEN_DOC } from './golden-scenario';

/** Version 1, made by encodeLink from GOLDEN_DOC at step 5 with a range selected and the map open. */
const GOLDEN_V1 =
  '#s=1.YTtzvlvLRJaz3PNzUlLzFHIy87IVkJSiOtUVqLNSAZQVQUGSlpmakwIMlTJDiLaCxOTsYj083kGUqhhFpwWw7CTHt0ZmuAobEwMiipvYWj5GVgY-1PzOwAlPgUBJHoSkkRkDO9h0IzNWbhYmbqTkzsHMxMglz_T5PxjUC__iZ-ZOZxIVFsLMJRYhoApUocwIkYqBSa0gB5zCYCleA6My1dTj42cScGcEOokLUVQxsEPLIQFWNgYWUFkkws7GzsTwAeQMRgkwBQLyQG2CGGUhA2OZEjOnRLSSo7O3n3-4j6uLuyswoFyCPMNcg5RiGYKBPgTVpIWpuaV64FADZ-h4YPusBKgOWAsCAxNUySbmAsMTWn5ZgGIKCEC1c0VBajK49IIHVK00K5MiluINHK6guDcyi62t7WSKNgXGKzT-ihLz0lOBxgGbe8kgO-DRY4WomIGuySyCVuhpyADiEnhljyIHBODKJDc_BWQuqNmgAyZRmhkoZkGMA7oElB8MKgyhQsDkW56YA_QUUCNeV8KrAQxHgloPieD8oZSZVwwKuPwiYAoFAA';

/** Version 0 (hand-made): a bare scenario document, raw deflate. Decimal IOVA and "WRITE|READ" flags. */
const GOLDEN_V0_RAW =
  '#json=hZBRT4MwEMe_yz0zB2TByRtxaHhgEGQaYxbSlIJNsCW0Nujku3vFEd2Tfbhc__39r3d3gkYOb0RDCFwasiK6I-pKUSbIwCU4YNiguBQQeg70HdEWR3jcBiuj69Vmi0zNDKdMQfhyAl7jq-DURb0d5HsPoR9MRweUZv0PIlHDwAQiPdGveFtjibVpuJwD6gRRoDA5_-B-sMDtL_x4l2TVfZEd8uohLqvbbF9GyT4uEG1sey0mVApNuGDD5T-z1ZqSLE0Pi4Fioj96tgDlcx57xj9Dl-ZZq9Ior3Zp9LeA3S-mG_fG9qz4py3njp7r2l0ZUte2F3e8blA5H-vvSGvneyqSMv4q4mgH03H6Bg';

/** Version 0: { scenario, step: 2, selection: a node, view: "graph" } (a bare mode name), zlib. */
const GOLDEN_V0_ZLIB =
  '#json=eNqFkVFPgzAQx7_LPTPHlmVO3ohDwwNjQaYxZiFNKawRWwK1osh399oNdU_rQ3P99_e_Xu96aCkTpOESvB4K2bwRBR5wqcmEqIq0V7_3DmjWtFwK8GYO1BVRBke4Wy0nWuWTxQqZnGlOWQveSw88x1vBqYt62cj3Grz5ctg70CpWHxGJGm5MIFITdcDTFFNMdcGl3VAniAKFwbmAz5cjXP7Bj3dhnN0n8W6bPQRpdhtvUj_cBAmihSmvxIBKoQgXrDl_x1qNKYyjaDcaKAbqs2YjkD5vg5men6Bzs9WyyN9m68j_n8D0F8OFe2NqbvmXSed2M9c1vdIkz00tbnddoHJaxl-R0vzvKQnT4DsJ_DUM--HYT-wtBqxiVNkZ9fDKhR2AzJl50v7WTAGHgHWC5uzDSqQ-wPADtk6chA';

/** Version 0: the same with step 99 (past the end) and the map window as a view object, gzip. */
const GOLDEN_V0_GZIP =
  '#json=H4sIAAAAAAACA4WSUU-DQAzHv0ufmWPLMjfeiEPDA2NBpjFmIRc48CLjCHeeKPLdbdlQ9yQPl9L-2v6vvQ5UyivWCAlOB7lsjkyDA0IaNmG6ZOrqJ26B4Y0SsgJnZkFdMk04wu1qOTE6myxWyGTciJQrcJ47EBlGK5Ha6C8a-VaDM1_2BwuU5vUJkejDg1eI1Ey_4N8US0xNLuRwoJ8hCin01j_4fDnCxS_8cOuHyV0U7nfJvRcnN-E2dv2tFyGak7wCjVRWmomKN5d9hlRK8sMg2I8JKRr6o-YjED_tvJmZn6HL5MGXBO4u2QTu3wI0XzQX9po0K_FJ5ex2Zts0K8OyjLTY7XWOnvNH-SUr6H6PkR97X5HnbqA_9Kd5grNeo8VLnuphSR28imrYgMw49RyuS2vALaBQMIK_E3akuANHViNFJ_qUZg09BLulvqpmWPAs8CSm7_tvcEB1LzwCAAA';

const SMALL_STEPS = [
  { op: 'open', path: '/dev/vfio/vfio', as: 'c' },
  { op: 'open', path: '/dev/vfio/26', as: 'g' },
  { op: 'VFIO_GROUP_SET_CONTAINER', fd: 'g', container: 'c' },
  { op: 'VFIO_SET_IOMMU', fd: 'c', type: 'VFIO_TYPE1v2_IOMMU' },
  // Canonical spelling: hex for 64-bit values, flags in the op table's order.
  { op: 'VFIO_IOMMU_MAP_DMA', fd: 'c', iova: '0x1000', size: '0x1000', vaddr: '0x7f0000000000', flags: ['READ', 'WRITE'] },
];

function opened(link: string) {
  const r = decodeLink(link);
  if (!r.ok) throw new Error(`expected the link to open: ${r.kind}: ${r.message}`);
  return r;
}

describe('golden links of every past version', () => {
  it('the current version is 1 (add a golden link here when it changes)', () => {
    expect(LINK_VERSION).toBe(1);
  });

  it('version 1: scenario (every token kind, a macro kept as a macro), step, selection and view', () => {
    const r = opened(GOLDEN_V1);
    expect(r.version).toBe(1);
    expect(jsonEqual(r.doc, GOLDEN_DOC)).toBe(true);
    expect(r.doc.steps[12]).toEqual({ op: 'qemu.vdpa_guest_boot', fd: 'v', ram_size: '0x80000000', expect: { ok: true } });
    // The macro expands when parsed: more steps than the document has.
    expect(r.scenario.steps.length).toBeGreaterThan(GOLDEN_DOC.steps.length);
    expect(r.scenario.steps[4]!.iova).toBe(0xfffffffffffff000n);
    expect(r.step).toBe(5);
    expect(r.selection).toEqual({ kind: 'range', space: 'container:container', first: 0xfffffffffffff000n, last: 0xffffffffffffffffn });
    expect(r.view).toEqual({
      mode: 'map',
      map: { start: 0xffffffffff000000n, span: 0x1000000n },
      walk: { space: 'container:container', iova: 0xfffffffffffff000n },
      panel: 'inspector',
    });
    expect(r.warnings).toEqual([]);
  });

  it('version 0, bare document in raw deflate: opens at the last step in the default view, canonical spelling', () => {
    const r = opened(GOLDEN_V0_RAW);
    expect(r.version).toBe(0);
    expect(r.doc.steps).toEqual(SMALL_STEPS);
    expect(r.scenario.steps[4]!.iova).toBe(0x1000n);
    expect(r.step).toBe(4);
    expect(r.selection).toEqual({ kind: 'none' });
    expect(r.view).toEqual({ mode: 'split' });
  });

  it('version 0, zlib envelope: the bare view mode migrates to a view record', () => {
    const r = opened(GOLDEN_V0_ZLIB);
    expect(r.doc.steps).toEqual(SMALL_STEPS);
    expect(r.step).toBe(2);
    expect(r.selection).toEqual({ kind: 'node', id: 'group:26' });
    expect(r.view).toEqual({ mode: 'graph' });
    expect(r.warnings).toEqual([]);
  });

  it('version 0, gzip envelope: a step past the end is clamped with a warning; hex view values become bigint', () => {
    const r = opened(GOLDEN_V0_GZIP);
    expect(r.step).toBe(4);
    expect(r.warnings).toEqual([{ where: 'step', message: 'step 99 is outside this scenario (steps 0 to 4); step 4 is shown' }]);
    expect(r.view).toEqual({ mode: 'map', map: { start: 0n, span: 0x100000000n } });
  });

  it('the v1 dictionaries are frozen (a change needs a version 2 codec, not an edit)', () => {
    expect(crc32(strToU8(JSON.stringify([OPS_V1, META_V1]))).toString(16)).toBe('f7a82326');
    expect(crc32(DEFLATE_DICT_V1).toString(16)).toBe('20b65a42');
  });
});
