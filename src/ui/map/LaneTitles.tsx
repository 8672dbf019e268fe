// The lanes' titles, left of the canvas and aligned with its lanes: the space's title, what kind
// of space it is and what it holds, and a button that fits the map to that lane.

import type { AddressSpaceView } from '../../core/view/types';
import { AXIS_H, LANE_H, SPACE_WORDS, laneCounts } from './lanes';

export interface LaneTitlesProps {
  readonly spaces: readonly AddressSpaceView[];
  /** Lanes owned by the selected topology node. */
  readonly highlighted: ReadonlySet<string>;
  readonly onFit: (space: string) => void;
}

export function LaneTitles({ spaces, highlighted, onFit }: LaneTitlesProps) {
  return (
    <div className="amap-gutter">
      <div className="amap-gutter-head" style={{ height: AXIS_H }}>
        address (hex)
      </div>
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
              <div className="amap-lane-name" title={`${s.title} (${s.id})`}>
                {s.title}
              </div>
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
