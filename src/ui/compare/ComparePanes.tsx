// Both machines at the explorer's cursor, side by side: the address maps (or the graphs) of
// side A and side B, each under a heading with its configuration and its result at that step.
// Both panes share one selection: node and space ids name the same objects on both sides when
// both have them ("container:1", "ioas:1:1").

import type { CompareResult } from '../../core/compare';
import { describeVariant } from '../../core/compare/variant';
import { outcomeWords } from '../../core/compare/words';
import type { Theme } from '../../state/theme';
import type { CompareSide } from '../../worker/compare';
import { TopologyGraph } from '../graph/TopologyGraph';
import { AddressMap } from '../map/AddressMap';
import type { ComparePane } from './compareStore';
import { useCompare, useCompareStore } from './useCompare';

const PANES: readonly { id: ComparePane; label: string }[] = [
  { id: 'map', label: 'Address maps' },
  { id: 'graph', label: 'Graphs' },
  { id: 'none', label: 'Hide' },
];

export function ComparePanes(props: { result: CompareResult; cursor: number; theme: Theme }) {
  const { result: r, cursor, theme } = props;
  const store = useCompareStore();
  const pane = useCompare((s) => s.pane);
  const shown = useCompare((s) => s.shown);
  const selection = useCompare((s) => s.selection);
  const seekError = useCompare((s) => s.seekError);
  const onSelect = store.getState().select;
  const row = cursor >= 0 ? r.rows[cursor] : undefined;
  return (
    <section className={`cmp-panes${pane === 'none' ? ' cmp-panes-hidden' : ''}`} aria-label="Both machines at the current step" data-testid="compare-panes" data-step={shown?.step ?? ''}>
      <div className="cmp-panes-bar">
        <div className="segmented" role="radiogroup" aria-label="What the two panes show">
          {PANES.map((p) => (
            <button key={p.id} type="button" role="radio" aria-checked={pane === p.id} className={`seg${pane === p.id ? ' seg-on' : ''}`} data-testid={`compare-pane-${p.id}`} onClick={() => store.getState().setPane(p.id)}>
              {p.label}
            </button>
          ))}
        </div>
        <span className="muted small">
          {shown ? (shown.step < 0 ? 'before the first step' : `after step ${shown.step}`) : 'simulating…'}
          {seekError ? ` · ${seekError}` : ''}
        </span>
      </div>
      {pane !== 'none' && (
        <div className="cmp-panes-grid">
          {(['a', 'b'] as const).map((side) => {
            const info = r[side];
            const res = row ? row[side] : null;
            const s: CompareSide | null = shown ? shown[side] : null;
            return (
              <div key={side} className="cmp-pane" data-testid={`compare-pane-side-${side}`}>
                <div className="cmp-pane-head">
                  <span className="cmp-side-letter">{side.toUpperCase()}</span>
                  <span className="cmp-pane-title" title={describeVariant(info.variant)}>{describeVariant(info.variant)}</span>
                  {res && (
                    <span className={`tag ${res.ok ? 'tag-ok' : 'tag-err'}`} title={outcomeWords(res)} data-testid={`compare-pane-result-${side}`}>
                      {res.ok ? 'ok' : res.errno}
                    </span>
                  )}
                </div>
                <div className="cmp-pane-body">
                  {!s ? (
                    <div className="cmp-pane-empty muted">Simulating…</div>
                  ) : !s.ok ? (
                    <div className="cmp-pane-empty muted">{s.message}</div>
                  ) : pane === 'map' ? (
                    <AddressMap snapshot={s.snapshot} selection={selection} onSelect={onSelect} theme={theme} />
                  ) : (
                    <TopologyGraph snapshot={s.snapshot} selection={selection} onSelect={onSelect} theme={theme} />
                  )}
                </div>
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
