// Vitest setup (vitest.config.ts): every test file runs on the whole core, the vDPA / SVA / KVM
// code registered as the CLI does at start-up (the browser's worker loads it lazily). Registered
// in beforeAll, once the test file is collected, rather than imported here: a module this file
// imported would be loaded before the test file's vi.mock calls and escape them. Tests of the
// lazy path unregister it themselves (setBeyond(null)) and restore it.
import { beforeAll } from 'vitest';
import { beyondLoaded, setBeyond } from '../../src/core/beyond/registry';

beforeAll(async () => {
  if (!beyondLoaded()) setBeyond(await import('../../src/core/beyond/index'));
});
