// A part of the page whose code loads when it is first shown (React.lazy), not with the page:
// what appears only after the user does something (a selection, a hover, a menu) is kept out of
// the first load (bench/browser: startup_js_gzip_kb). While its chunk arrives, a quiet line
// stands in and the part reports itself busy, so `iovaAtlas.whenIdle()` waits for the real view.

import { Suspense, useLayoutEffect } from 'react';
import type { ReactNode } from 'react';
import { markBusy, markIdle } from '../automation';

export function LazyPart({ busyKey, children, quiet = false }: { busyKey: string; children: ReactNode; quiet?: boolean }) {
  return <Suspense fallback={<Arriving busyKey={busyKey} quiet={quiet} />}>{children}</Suspense>;
}

function Arriving({ busyKey, quiet }: { busyKey: string; quiet: boolean }) {
  useLayoutEffect(() => {
    markBusy(busyKey);
    return () => markIdle(busyKey);
  }, [busyKey]);
  return quiet ? null : <p className="muted small">Loading…</p>;
}
