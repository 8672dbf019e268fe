// The right column: the inspector for the selection, the page-table walk, and the legend.
// The page-table view follows the selection when it is an address or a range, and otherwise
// the last address picked (the store's walk target), so selecting a node to read about it does
// not throw the walk away.

import type { Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { WalkTarget } from '../../state/store';
import type { PageWalkResult, Step, StepResult } from '../../worker/protocol';
import { Inspector } from '../inspector/Inspector';
import { Legend } from '../legend/Legend';
import { PageTableView } from '../pagetable/PageTableView';

export function walkSelection(sel: Selection, target: WalkTarget | null): Selection {
  if (sel.kind === 'address' || sel.kind === 'range') return sel;
  return target ? { kind: 'address', space: target.space, iova: target.iova } : sel;
}

export function SidePanels(props: {
  snapshot: Snapshot | null;
  selection: Selection;
  walkTarget: WalkTarget | null;
  onSelect: (s: Selection) => void;
  walk: (space: string, iova: bigint) => Promise<PageWalkResult>;
  step: Step | null;
  result: StepResult | null;
}) {
  const { snapshot } = props;
  return (
    <aside className="side" aria-label="Details">
      {/* The views bring their own headings; the panels only frame and scroll them. */}
      <section className="panel panel-inspector" aria-label="Inspector" data-testid="panel-inspector">
        <div className="panel-body">
          {snapshot ? (
            <Inspector snapshot={snapshot} selection={props.selection} onSelect={props.onSelect} step={props.step} result={props.result} />
          ) : (
            <p className="muted small">Nothing to inspect yet.</p>
          )}
        </div>
      </section>
      <section className="panel panel-walk" aria-label="Page walk" data-testid="panel-walk">
        <div className="panel-body">
          {snapshot ? (
            <PageTableView snapshot={snapshot} selection={walkSelection(props.selection, props.walkTarget)} onSelect={props.onSelect} walk={props.walk} />
          ) : (
            <p className="muted small">Pick an address on the map to walk its page table.</p>
          )}
        </div>
      </section>
      <section className="panel panel-legend" aria-label="Legend" data-testid="panel-legend">
        <div className="panel-body">
          {/* Open where there is room; on a laptop-height window the inspector and the walk need it
              more (one click opens it). */}
          <Legend defaultOpen={window.innerHeight >= 960} />
        </div>
      </section>
    </aside>
  );
}
