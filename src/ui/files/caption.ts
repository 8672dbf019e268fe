// The title lines of an export: the scenario's title, then where in it the picture is ("Step 7
// of 0–10 · IOMMU_IOAS_COPY → EINVAL"), so a slide says what it shows without the app around it.

import type { LoadedScenario, RunState } from '../../state/store';

export interface Caption {
  readonly title: string;
  readonly line: string;
}

export function captionOf(current: LoadedScenario, run: RunState, step: number, what: string): Caption {
  const title = current.view.title?.trim() || current.origin;
  const last = current.view.steps.length - 1;
  if (step < 0) return { title, line: `Before the first step (steps 0–${last}) · ${what}` };
  const op = current.view.steps[step]?.op ?? '?';
  const r = run.kind === 'done' ? run.run.results[step] : undefined;
  const outcome = r ? (r.ok ? ' → ok' : ` → ${r.errno}`) : '';
  return { title, line: `Step ${step} of 0–${last} · ${op}${outcome} · ${what}` };
}
