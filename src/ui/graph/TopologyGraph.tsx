// The topology graph: devices, groups, containers, iommufd objects, domains and windows.
// PLACEHOLDER: implemented by the graph work. Props are fixed (the shell passes them).
import type { Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { Theme } from '../../state/theme';

export interface TopologyGraphProps {
  readonly snapshot: Snapshot;
  readonly selection: Selection;
  readonly onSelect: (sel: Selection) => void;
  readonly theme: Theme;
}

export function TopologyGraph(props: TopologyGraphProps) {
  return <div data-testid="topology-graph">{props.snapshot.nodes.length} objects</div>;
}
