// The address map's window for links, through the map's automation API (map/mapApi.ts: the map
// most recently mounted). Reading gives null while the map follows the content on its own (no
// user placement to record) or when no map is on screen.

import { mapAutomation } from '../map/mapApi';
import type { MapWindow } from './linkState';

export function readMapWindow(): MapWindow | null {
  try {
    const v = mapAutomation.viewport();
    if (v.autoFit) return null;
    return { start: BigInt(v.start), span: BigInt(v.span) };
  } catch {
    return null;
  }
}

/** Waits (up to `timeoutMs`) for a map to be on screen, then sets its window. */
export async function placeMapWindow(w: MapWindow, timeoutMs = 5000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await mapAutomation.setViewport(w.start, w.span);
      return true;
    } catch {
      if (performance.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
