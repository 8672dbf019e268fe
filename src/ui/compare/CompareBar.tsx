// The bar across compare mode: the two sides' configurations, swap, back to the defaults, close.

import type { Side, VariantSpec } from '../../core/compare';
import { SidePicker } from './SidePicker';
import { useCompare, useCompareStore } from './useCompare';

export function CompareBar({ hasOverrides }: { hasOverrides: boolean }) {
  const store = useCompareStore();
  const specs = useCompare((s) => s.specs);
  const running = useCompare((s) => s.run.kind === 'running');
  const set = (side: Side) => (spec: VariantSpec) => store.getState().setSpec(side, spec);
  return (
    <div className="cmp-bar" role="group" aria-label="The two configurations compared">
      <h2 className="cmp-title">Compare</h2>
      {specs ? (
        <>
          <SidePicker side="a" spec={specs.a} hasOverrides={hasOverrides} disabled={false} onChange={set('a')} />
          <button type="button" className="btn btn-small cmp-swap" data-testid="compare-swap" onClick={() => store.getState().swap()} title="Swap the two sides" aria-label="Swap the two sides">
            ⇄
          </button>
          <SidePicker side="b" spec={specs.b} hasOverrides={hasOverrides} disabled={false} onChange={set('b')} />
        </>
      ) : (
        <span className="muted small">{running ? 'Choosing the default sides…' : ''}</span>
      )}
      <span className="cmp-bar-end">
        <button type="button" className="btn btn-small" data-testid="compare-defaults" onClick={() => store.getState().useDefaults()} title="Back to the default pair for this scenario (PPC scenarios: x86-vtd-48 vs their PPC host; VFIO container scenarios: legacy vs iommufd)">
          Defaults
        </button>
        <button type="button" className="btn btn-small" data-testid="compare-close" onClick={() => store.getState().setOpen(false)} title="Leave compare mode">
          Close
        </button>
      </span>
    </div>
  );
}
