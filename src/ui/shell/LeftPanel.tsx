// The left column: the scenario and its steps (the timeline), or the built-in examples. Both
// stay mounted (the examples keep their place and their aria-current), one is shown. With no
// scenario loaded the examples are the only thing to show.

import { useEffect, useState } from 'react';
import type { LoadedScenario } from '../../state/store';
import { ExampleList } from '../components/ExampleList';
import { ScenarioPanel } from '../components/ScenarioPanel';

type Tab = 'steps' | 'examples';

export function LeftPanel({ current }: { current: LoadedScenario | null }) {
  const [tab, setTab] = useState<Tab>(current ? 'steps' : 'examples');
  // A newly opened scenario is what the user wants to see.
  useEffect(() => {
    setTab(current ? 'steps' : 'examples');
  }, [current]);
  const shown: Tab = current ? tab : 'examples';
  return (
    <nav className="left" aria-label="Scenario">
      <div className="tabs" role="tablist" aria-label="Left panel">
        <button type="button" role="tab" id="tab-steps" aria-controls="tp-steps" aria-selected={shown === 'steps'} className={`tab${shown === 'steps' ? ' tab-on' : ''}`} disabled={!current} onClick={() => setTab('steps')} data-testid="tab-steps">
          Steps{current ? <span className="tab-count">{current.view.steps.length}</span> : null}
        </button>
        <button type="button" role="tab" id="tab-examples" aria-controls="tp-examples" aria-selected={shown === 'examples'} className={`tab${shown === 'examples' ? ' tab-on' : ''}`} onClick={() => setTab('examples')} data-testid="tab-examples">
          Examples
        </button>
      </div>
      <div className="tabpanel" id="tp-steps" role="tabpanel" aria-labelledby="tab-steps" hidden={shown !== 'steps'}>
        {current && <ScenarioPanel scenario={current} />}
      </div>
      <div className="tabpanel tabpanel-scroll" id="tp-examples" role="tabpanel" aria-labelledby="tab-examples" hidden={shown !== 'examples'}>
        <ExampleList />
      </div>
    </nav>
  );
}
