// The page address and the loaded scenario: `?src=<url>` opens a scenario on load, and the
// address follows the scenario shown (so it can be shared); a local file clears it. A scenario
// link in the fragment wins over ?src= (share/params.ts): share/addressBar.ts opens it then.

import { useEffect } from 'react';
import { hasScenarioLink } from '../share/params';
import { useExplorer, useExplorerStore } from '../StoreContext';

export const EXAMPLES_INDEX = `${import.meta.env.BASE_URL}scenarios/index.json`;

export function useLocationSource(): void {
  const store = useExplorerStore();
  const src = useExplorer((s) => s.current?.src ?? null);
  const hasCurrent = useExplorer((s) => s.current !== null);

  useEffect(() => {
    const initial = new URLSearchParams(window.location.search).get('src');
    const st = store.getState();
    void st.loadExamples(EXAMPLES_INDEX);
    if (initial && !hasScenarioLink(window.location.hash)) void st.openUrl(initial);
  }, [store]);

  useEffect(() => {
    if (!hasCurrent) return;
    const url = new URL(window.location.href);
    if (src) url.searchParams.set('src', src);
    else url.searchParams.delete('src');
    if (url.href !== window.location.href) window.history.replaceState(null, '', url);
  }, [src, hasCurrent]);
}
