// The main views: the topology graph and the address map, side by side (or one above the
// other when the centre is narrow), or one of them alone. Above them, the view switch and what
// the current step changed. Both views get the same snapshot and selection.

import type { Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { ViewMode } from '../../state/store';
import { VIEW_MODES } from '../../state/store';
import type { Theme } from '../../state/theme';
import type { Step, StepResult } from '../../worker/protocol';
import { AddressMap } from '../map/AddressMap';
import { TopologyGraph } from '../graph/TopologyGraph';
import { ExportMenu } from '../files/ExportMenu';
import { ChangeStrip } from './ChangeStrip';

const LABEL: Record<ViewMode, string> = { split: 'Graph + map', graph: 'Graph', map: 'Address map' };

export function MainViews(props: {
  snapshot: Snapshot | null;
  selection: Selection;
  onSelect: (s: Selection) => void;
  theme: Theme;
  mode: ViewMode;
  onMode: (m: ViewMode) => void;
  step: Step | null;
  result: StepResult | null;
  pending: boolean;
}) {
  const { snapshot, selection, onSelect, theme, mode } = props;
  return (
    <section className="views" aria-label="State at the current step" data-testid="main-views" data-mode={mode}>
      <div className="viewbar">
        <div className="segmented" role="radiogroup" aria-label="Main view">
          {VIEW_MODES.map((m) => (
            <button key={m} type="button" role="radio" aria-checked={mode === m} className={`seg${mode === m ? ' seg-on' : ''}`} data-testid={`view-${m}`} onClick={() => props.onMode(m)}>
              {LABEL[m]}
            </button>
          ))}
        </div>
        <ChangeStrip snapshot={snapshot} step={props.step} result={props.result} pending={props.pending} />
        <ExportMenu />
      </div>
      <div className={`view-panes view-panes-${mode}`}>
        {snapshot ? (
          <>
            {mode !== 'map' && (
              <div className="pane pane-graph" data-testid="pane-graph">
                <TopologyGraph snapshot={snapshot} selection={selection} onSelect={onSelect} theme={theme} />
              </div>
            )}
            {mode !== 'graph' && (
              <div className="pane pane-map" data-testid="pane-map">
                <AddressMap snapshot={snapshot} selection={selection} onSelect={onSelect} theme={theme} />
              </div>
            )}
          </>
        ) : (
          <div className="pane pane-empty muted">{props.pending ? 'Simulating the scenario…' : 'The state appears here once the scenario has run.'}</div>
        )}
      </div>
    </section>
  );
}
