// `window.iovaAtlas.map`: drive and read the address map from a script (Playwright, the lead's
// frame-time bench). Plain JSON in and out: 64-bit values as "0x..." strings (bigints accepted
// on the way in). It acts on the most recently mounted map. Every command that moves the view
// resolves once the new frame is painted.

import { LANE_H, SPACE_WORDS, laneTop } from './lanes';
import type { FitTarget, MapController } from './controller';
import type { StatSummary } from './frameStats';
import { summarize } from './frameStats';
import { addrToPx, clampViewport, lastVisible } from './viewport';

export interface MapLaneJson {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  /** Client (page) coordinates of the lane's plot area. */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** One step of a scripted gesture, applied in one animation frame. */
export interface MapScriptStep {
  /** Zoom factor (> 1 zooms in) about `anchor` (fraction of the width, default 0.5). */
  readonly zoom?: number;
  readonly anchor?: number;
  /** Pan in pixels (positive shows lower addresses). */
  readonly pan?: number;
}

export interface MapScriptResult {
  /** Time spent painting each frame (ms). */
  readonly paint: StatSummary;
  /** Time between consecutive animation frames (ms): what the user sees as smoothness. */
  readonly interval: StatSummary;
}

export interface MapAutomationApi {
  viewport(): { start: string; last: string; span: string; width: number; autoFit: boolean };
  setViewport(start: string | bigint, span: string | bigint): Promise<void>;
  zoom(factor: number, anchor?: number): Promise<void>;
  pan(px: number): Promise<void>;
  /** 'content' | 'all' | 'whole', or an address space id to fit that lane. */
  fit(target?: string): Promise<void>;
  lanes(): MapLaneJson[];
  /** Client coordinates of an address in a lane (the middle of its bar row), or null if off screen. */
  pointOf(space: string, addr: string | bigint): { x: number; y: number } | null;
  /** The ticks on the axis now: exact `label` (prefix included), the `text` drawn, x in plot pixels. */
  ticks(): { addr: string; label: string; text: string; x: number }[];
  /** Paint times since the last reset. */
  frameStats(): StatSummary;
  resetFrameStats(): void;
  /** Runs one step per animation frame and measures paint time and frame interval. */
  script(steps: readonly MapScriptStep[]): Promise<MapScriptResult>;
  /** Resolves once the map has painted everything asked for so far. */
  drawn(): Promise<void>;
}

const mounted: { ctl: MapController; plot: () => HTMLElement | null }[] = [];

function u64(x: string | bigint, what: string): bigint {
  if (typeof x === 'bigint') return x;
  if (/^(0x[0-9a-f_]+|[0-9]+)$/i.test(x.trim())) return BigInt(x.trim().replace(/_/g, ''));
  throw new TypeError(`${what}: expected "0x..." (got ${JSON.stringify(x)})`);
}

function hex(x: bigint): string {
  return '0x' + x.toString(16);
}

function current(): { ctl: MapController; plot: () => HTMLElement | null } {
  const m = mounted[mounted.length - 1];
  if (!m) throw new Error('iovaAtlas.map: no address map is on screen (open a scenario and show the map view)');
  return m;
}

function nextFrame(): Promise<number> {
  return new Promise((r) => requestAnimationFrame(r));
}

export const mapAutomation: MapAutomationApi = {
  viewport() {
    const { ctl } = current();
    const vp = ctl.getViewport();
    return { start: hex(vp.start), last: hex(lastVisible(vp)), span: hex(vp.span), width: ctl.getWidth(), autoFit: ctl.isAutoFit() };
  },
  setViewport(start, span) {
    const { ctl } = current();
    ctl.setViewport(clampViewport(u64(start, 'start'), u64(span, 'span')));
    return ctl.whenDrawn();
  },
  zoom(factor, anchor = 0.5) {
    const { ctl } = current();
    ctl.zoom(factor, anchor);
    return ctl.whenDrawn();
  },
  pan(px) {
    const { ctl } = current();
    ctl.pan(px);
    return ctl.whenDrawn();
  },
  fit(target = 'content') {
    const { ctl } = current();
    const t: FitTarget = target === 'content' || target === 'all' || target === 'whole' ? target : { space: target };
    ctl.fit(t);
    return ctl.whenDrawn();
  },
  lanes() {
    const { ctl, plot } = current();
    const r = plot()?.getBoundingClientRect();
    if (!r) return [];
    return ctl.getSpaces().map((s, i) => ({
      id: s.id,
      title: s.title,
      kind: SPACE_WORDS[s.kind],
      left: r.left,
      top: r.top + laneTop(i),
      width: r.width,
      height: LANE_H,
    }));
  },
  pointOf(space, addr) {
    const { ctl, plot } = current();
    const i = ctl.getSpaces().findIndex((s) => s.id === space);
    const r = plot()?.getBoundingClientRect();
    if (i < 0 || !r) return null;
    const x = addrToPx(ctl.getViewport(), ctl.getWidth(), u64(addr, 'addr'));
    if (x < 0 || x > ctl.getWidth()) return null;
    return { x: r.left + x, y: r.top + laneTop(i) + LANE_H / 2 };
  },
  ticks() {
    const t = current().ctl.getTicks();
    if (!t) return [];
    return t.ticks.map((k) => ({ addr: hex(k.addr), label: t.prefix !== null ? t.prefix + k.label.slice(1) : k.label, text: k.label, x: k.x }));
  },
  frameStats: () => current().ctl.drawStats.summary(),
  resetFrameStats: () => current().ctl.drawStats.reset(),
  async script(steps) {
    const { ctl } = current();
    const paint: number[] = [];
    const interval: number[] = [];
    await ctl.whenDrawn();
    let prev = await nextFrame();
    for (const s of steps) {
      if (s.zoom !== undefined) ctl.zoom(s.zoom, s.anchor ?? 0.5);
      if (s.pan !== undefined) ctl.pan(s.pan);
      const before = ctl.paintCount();
      const t = await nextFrame();
      interval.push(t - prev);
      prev = t;
      if (ctl.paintCount() > before) paint.push(ctl.lastPaintMs());
    }
    await ctl.whenDrawn();
    return { paint: summarize(paint), interval: summarize(interval) };
  },
  drawn: () => current().ctl.whenDrawn(),
};

/** Registers a mounted map (the last one mounted is the one driven); returns the unregister. */
export function registerMap(ctl: MapController, plot: () => HTMLElement | null): () => void {
  const entry = { ctl, plot };
  mounted.push(entry);
  exposeMapApi();
  return () => {
    const i = mounted.indexOf(entry);
    if (i >= 0) mounted.splice(i, 1);
  };
}

/**
 * Puts the map's API on `window.iovaAtlas.map` (installed by shell/automationApi.ts). Until the
 * shell lists `map: mapAutomation` in its API object itself, the map adds it when it mounts.
 */
export function exposeMapApi(): void {
  const w = window as unknown as { iovaAtlas?: Record<string, unknown> };
  if (w.iovaAtlas && w.iovaAtlas.map !== mapAutomation) w.iovaAtlas.map = mapAutomation;
}

