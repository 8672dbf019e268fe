// The page's one background script. Two workers run it, told apart by their names: the
// simulator (simHost.ts, started by client.ts) and the link codec (ui/share/linkHost.ts,
// started by ui/share/codec.ts). One script rather than two because they share most of their
// code (the scenario parser, valibot, the B-tree): the browser fetches and compiles it once,
// and the page's first load carries about 28 kB gzipped less (bench/browser: startup_js_gzip_kb).
//
// Keep it free of React, zustand and the DOM.

import { startLinkHost } from '../ui/share/linkHost';
import type { LinkWorkerScope } from '../ui/share/linkHost';
import { LINK_WORKER_NAME, SIM_WORKER_NAME } from './names';
import { startSimHost } from './simHost';
import type { SimWorkerScope } from './simHost';

const scope = self as unknown as { readonly name: string };

switch (scope.name) {
  case LINK_WORKER_NAME:
    startLinkHost(scope as unknown as LinkWorkerScope);
    break;
  case SIM_WORKER_NAME:
  default:
    // An unnamed worker is the simulator, as before names picked the role.
    startSimHost(scope as unknown as SimWorkerScope);
    break;
}
