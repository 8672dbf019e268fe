// The map on screen, as the exports and the autosave read it. Its own module (moved out of
// exportView.ts) so that the autosave, which runs from the first page load, does not pull the
// export builders, the link codec and the scenario parser into the page's first chunk
// (bench/browser: startup_js_gzip_kb); exportView.ts loads when an export is asked for.

import { mapAutomation } from '../map/mapApi';
import type { Viewport } from '../map/viewport';

export interface MapWindow {
  readonly vp: Viewport;
  readonly width: number;
  /** The window follows the content (the user has not moved it). */
  readonly autoFit: boolean;
}

/** The map on screen: its window and width; null when no map is mounted. */
export function mapOnScreen(): MapWindow | null {
  try {
    const v = mapAutomation.viewport();
    return { vp: { start: BigInt(v.start), span: BigInt(v.span) }, width: v.width, autoFit: v.autoFit };
  } catch {
    return null;
  }
}
