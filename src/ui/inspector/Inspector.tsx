// The inspector: everything about the selected object, range or address at the current step;
// with nothing selected, the current step itself. Everything from the scenario and the view
// model is rendered as text, never as HTML.

import { lazy, useCallback } from 'react';
import type { Step } from '../../core/scenario/types';
import type { StepResult } from '../../core/sim/run';
import type { AddressSpaceView, Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import { LazyPart } from '../components/LazyPart';
import { StepView } from './StepView';
import './inspector.css';

// The step's view is what the page opens on; the others load with the first selection.
const NodeView = lazy(() => import('./NodeView').then((m) => ({ default: m.NodeView })));
const RangeView = lazy(() => import('./RangeView').then((m) => ({ default: m.RangeView })));
const AddressView = lazy(() => import('./RangeView').then((m) => ({ default: m.AddressView })));

export interface InspectorProps {
  readonly snapshot: Snapshot;
  readonly selection: Selection;
  readonly onSelect: (sel: Selection) => void;
  /** The step the snapshot is at (null before the first step) and its result. */
  readonly step: Step | null;
  readonly result: StepResult | null;
  /**
   * "Show in map" on an address space. Without it, the inspector selects the space's extent
   * as a range (the map shows a selected range).
   */
  readonly onShowSpace?: (space: string) => void;
}

export function Inspector({ snapshot, selection, onSelect, step, result, onShowSpace }: InspectorProps) {
  const showSpace = useCallback(
    (s: AddressSpaceView) => {
      if (onShowSpace) onShowSpace(s.id);
      else onSelect({ kind: 'range', space: s.id, first: s.extent.first, last: s.extent.last });
    },
    [onShowSpace, onSelect],
  );
  return (
    <div className="inspector" data-testid="inspector" data-selection={selection.kind} aria-label="Inspector" role="region">
      {selection.kind !== 'none' && (
        <div className="insp-bar">
          <button type="button" className="btn btn-quiet btn-small" onClick={() => onSelect({ kind: 'none' })} title="Back to the current step">
            ← Step {snapshot.step < 0 ? '' : snapshot.step}
          </button>
        </div>
      )}
      <LazyPart busyKey="inspector">
        <Body snapshot={snapshot} selection={selection} onSelect={onSelect} step={step} result={result} showSpace={showSpace} />
      </LazyPart>
    </div>
  );
}

function Body({
  snapshot,
  selection,
  onSelect,
  step,
  result,
  showSpace,
}: Omit<InspectorProps, 'onShowSpace'> & { showSpace: (s: AddressSpaceView) => void }) {
  switch (selection.kind) {
    case 'none':
      return <StepView snapshot={snapshot} step={step} result={result} onSelect={onSelect} />;
    case 'node':
      return <NodeView snapshot={snapshot} id={selection.id} onSelect={onSelect} onShowSpace={showSpace} />;
    case 'range':
      return <RangeView snapshot={snapshot} space={selection.space} first={selection.first} last={selection.last} onSelect={onSelect} />;
    case 'address':
      return <AddressView snapshot={snapshot} space={selection.space} iova={selection.iova} onSelect={onSelect} />;
    default: {
      const never: never = selection;
      return never;
    }
  }
}
