// The left column: the scenario and its steps (the timeline), or the built-in examples. Both
// stay mounted (the examples keep their place and their aria-current), one is shown. With no
// scenario loaded the examples are the only thing to show.

import { lazy, Suspense, useEffect, useState } from 'react';
import type { LoadedScenario } from '../../state/store';
import { ExampleList } from '../components/ExampleList';
import { ScenarioPanel } from '../components/ScenarioPanel';
import { useTours } from '../tours/useTours';

// The tour player is its own chunk, fetched when a tour starts.
const TourPanel = lazy(() => import('../tours/TourPanel').then((m) => ({ default: m.TourPanel })));

type Tab = 'tour' | 'steps' | 'examples';

export function LeftPanel({ current }: { current: LoadedScenario | null }) {
  const touring = useTours((s) => s.active !== null);
  const [tab, setTab] = useState<Tab>(current ? 'steps' : 'examples');
  // A newly opened scenario is what the user wants to see; during a tour, its narration.
  useEffect(() => {
    setTab(touring ? 'tour' : current ? 'steps' : 'examples');
  }, [current, touring]);
  const shown: Tab = touring && tab === 'tour' ? 'tour' : current ? (tab === 'tour' ? 'steps' : tab) : 'examples';
  return (
    <nav className="left" aria-label="Scenario">
      <div className="tabs" role="tablist" aria-label="Left panel">
        {touring && (
          <button type="button" role="tab" id="tab-tour" aria-controls="tp-tour" aria-selected={shown === 'tour'} className={`tab${shown === 'tour' ? ' tab-on' : ''}`} onClick={() => setTab('tour')} data-testid="tab-tour">
            Tour
          </button>
        )}
        <button type="button" role="tab" id="tab-steps" aria-controls="tp-steps" aria-selected={shown === 'steps'} className={`tab${shown === 'steps' ? ' tab-on' : ''}`} disabled={!current} onClick={() => setTab('steps')} data-testid="tab-steps">
          Steps{current ? <span className="tab-count">{current.view.steps.length}</span> : null}
        </button>
        <button type="button" role="tab" id="tab-examples" aria-controls="tp-examples" aria-selected={shown === 'examples'} className={`tab${shown === 'examples' ? ' tab-on' : ''}`} onClick={() => setTab('examples')} data-testid="tab-examples">
          Examples
        </button>
      </div>
      {touring && (
        <div className="tabpanel" id="tp-tour" role="tabpanel" aria-labelledby="tab-tour" hidden={shown !== 'tour'}>
          <Suspense fallback={<p className="muted small">Opening the tour…</p>}>
            <TourPanel />
          </Suspense>
        </div>
      )}
      <div className="tabpanel" id="tp-steps" role="tabpanel" aria-labelledby="tab-steps" hidden={shown !== 'steps'}>
        {current && <ScenarioPanel scenario={current} />}
      </div>
      <div className="tabpanel tabpanel-scroll" id="tp-examples" role="tabpanel" aria-labelledby="tab-examples" hidden={shown !== 'examples'}>
        <ExampleList />
      </div>
    </nav>
  );
}
