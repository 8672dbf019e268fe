// The lanes' titles, left of the canvas and aligned with its lanes: the space's title, what kind
// of space it is and what it holds, and a button that fits the map to that lane.

import { useSyncExternalStore } from 'react';
import type { AddressSpaceView } from '../../core/view/types';
import type { MapController } from './controller';
import { AXIS_H, LANE_H, SPACE_WORDS, laneCounts } from './lanes';

export interface LaneTitlesProps {
  readonly ctl: MapController;
  readonly spaces: readonly AddressSpaceView[];
  /** Lanes owned by the selected topology node. */
  readonly highlighted: ReadonlySet<string>;
  readonly onFit: (space: string) => void;
  /** The lane's title selects the object that owns the space (the inspector shows it). */
  readonly onSelectNode: (node: string) => void;
}

export function LaneTitles({ ctl, spaces, highlighted, onFit, onSelectNode }: LaneTitlesProps) {
  return (
    <div className="amap-gutter">
      <AxisHead ctl={ctl} />
      {spaces.map((s) => {
        const meta = `${SPACE_WORDS[s.kind]} · ${laneCounts(s)}`;
        return (
          <div
            key={s.id}
            className={highlighted.has(s.id) ? 'amap-lane-title is-highlighted' : 'amap-lane-title'}
            style={{ height: LANE_H }}
            data-testid="map-lane"
            data-space={s.id}
          >
            <div className="amap-lane-text">
              <button type="button" className="amap-lane-name" title={`${s.title} (${s.id}): select it`} onClick={() => onSelectNode(s.node)}>
                {s.title}
              </button>
              <div className="amap-lane-meta" title={meta}>
                {meta}
              </div>
            </div>
            <button type="button" className="amap-lane-fit" title="Fit the map to this lane" aria-label={`Fit the map to ${s.title}`} onClick={() => onFit(s.id)}>
              ⤢
            </button>
          </div>
        );
      })}
    </div>
  );
}

/** Left of the axis: what the tick labels are, or the prefix compact labels continue. */
function AxisHead({ ctl }: { readonly ctl: MapController }) {
  // Re-renders only when the prefix changes, not on every pan or zoom frame.
  const prefix = useSyncExternalStore(ctl.subscribe, () => ctl.getAxisPrefix());
  return (
    <div className="amap-gutter-head" style={{ height: AXIS_H }} data-testid="map-axis-prefix">
      {prefix === null ? (
        'address (hex)'
      ) : (
        <span className="mono amap-axis-prefix" title={`Every tick label continues ${prefix}`}>
          {prefix}…
        </span>
      )}
    </div>
  );
}
