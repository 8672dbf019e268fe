// Opening a file the user picked or dropped: a scenario JSON as before (store.openFile), or an
// SVG exported by the explorer, which carries its scenario, step, selection and view inside
// (scenarioMeta.ts) and reopens there.

import { readFileText } from '../../state/sources';
import type { ExplorerStore } from '../../state/store';
import { openAt } from './openAt';
import { readEmbeddedScenario } from './scenarioMeta';

export function isSvgFile(f: File): boolean {
  return f.type === 'image/svg+xml' || /\.svg$/i.test(f.name);
}

export async function openScenarioFile(store: ExplorerStore, f: File): Promise<void> {
  if (!isSvgFile(f)) return store.getState().openFile(f);
  const origin = `file ${f.name}`;
  const r = await readFileText(f);
  if (!r.ok) return problem(store, origin, r.message);
  const e = readEmbeddedScenario(r.text);
  if (!e.ok) return problem(store, origin, e.message);
  const s = e.scenario;
  await openAt(store, { text: s.text, origin, src: null, step: s.step, selection: s.selection, viewMode: s.viewMode, map: s.map, walk: s.walk });
}

/** The load-problem panel names the file and says why (the current scenario stays). */
function problem(store: ExplorerStore, origin: string, message: string): void {
  store.setState({ problem: { origin, message, issues: [] }, loading: null });
}
