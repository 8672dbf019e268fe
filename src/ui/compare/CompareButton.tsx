// "Compare" in the top bar: turns compare mode on and off (the graph and the map give way to
// the two configurations side by side).

import { useExplorer } from '../StoreContext';
import { useCompare, useCompareStore } from './useCompare';
import { useCompareLocation } from './useCompareLocation';

export function CompareButton() {
  const store = useCompareStore();
  // The button is always in the top bar: it also takes `?compare=` from the page address.
  useCompareLocation();
  const open = useCompare((s) => s.open);
  const hasScenario = useExplorer((s) => s.current !== null);
  return (
    <button
      type="button"
      className={`btn${open ? ' cmp-button-on' : ''}`}
      data-testid="compare-button"
      aria-pressed={open}
      disabled={!hasScenario && !open}
      onClick={() => store.getState().setOpen(!open)}
      title="Compare: run this scenario on two platforms or kernel options side by side, steps aligned, the first divergence marked"
    >
      Compare
    </button>
  );
}
