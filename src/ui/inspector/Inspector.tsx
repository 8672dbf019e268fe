// The inspector: everything about the selected object, range or address at the current step.
// PLACEHOLDER: implemented by the graph/inspector work. Props are fixed (the shell passes them).
import type { Step } from '../../core/scenario/types';
import type { StepResult } from '../../core/sim/run';
import type { Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';

export interface InspectorProps {
  readonly snapshot: Snapshot;
  readonly selection: Selection;
  readonly onSelect: (sel: Selection) => void;
  /** The step the snapshot is at (null before the first step) and its result. */
  readonly step: Step | null;
  readonly result: StepResult | null;
}

export function Inspector(props: InspectorProps) {
  return <div data-testid="inspector">{props.selection.kind}</div>;
}
