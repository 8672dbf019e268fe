// The address map: one lane per address space, canvas-drawn, zoomable over 2^64.
// PLACEHOLDER: implemented by the address-map work. Props are fixed (the shell passes them).
import type { Snapshot } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import type { Theme } from '../../state/theme';

export interface AddressMapProps {
  readonly snapshot: Snapshot;
  readonly selection: Selection;
  readonly onSelect: (sel: Selection) => void;
  readonly theme: Theme;
}

export function AddressMap(props: AddressMapProps) {
  return <div data-testid="address-map">{props.snapshot.spaces.length} address spaces</div>;
}
