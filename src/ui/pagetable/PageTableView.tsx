// The page-table view: the walk of one IOVA level by level, and the table occupancy.
// PLACEHOLDER: implemented by the page-table view work. Props are fixed (the shell passes them).
import type { PageWalkResult, Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';

export interface PageTableViewProps {
  readonly snapshot: Snapshot;
  readonly selection: Selection;
  readonly onSelect: (sel: Selection) => void;
  /** Asks the worker for the walk of `iova` in address space `space` at the current step. */
  readonly walk: (space: string, iova: bigint) => Promise<PageWalkResult>;
}

export function PageTableView(props: PageTableViewProps) {
  return <div data-testid="page-table-view">{props.selection.kind}</div>;
}
