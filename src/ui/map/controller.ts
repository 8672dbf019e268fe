// The map's imperative core, one per AddressMap instance: it owns the bigint viewport, the data
// of the current step, the hover, and the canvas; it schedules at most one paint per animation
// frame and reports it to the automation registry (busy from the moment something changes until
// the frame is on screen). React components talk to it; it never re-renders React on pan/zoom,
// only the few small components that subscribe (the viewport readout, the tooltip).

import type { AddressSpaceView, RangeChange } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import { NO_SELECTION } from '../../state/selection';
import { markBusy, markIdle } from '../automation';
import type { MapColors } from './colors';
import { readColors } from './colors';
import type { Bounds } from './fit';
import { allBounds, contentBounds, laneBounds } from './fit';
import { FrameStats } from './frameStats';
import type { Hit } from './hit';
import { hitTest } from './hit';
import { laneAtY, laneTop, plotHeight } from './lanes';
import type { Hover } from './paint';
import { RectCache, paintMap } from './paint';
import type { TickSet } from './ticks';
import type { PxTransform, Viewport } from './viewport';
import { WHOLE_SPACE, applyGesture, fitRange, lastVisible, panPx, pxToAddr, reveal, sameViewport, zoomAt } from './viewport';

export type FitTarget = 'content' | 'all' | 'whole' | { readonly space: string };

/** Maps on screen: the first is "map" to the automation registry, others "map:2"... */
const attached = new Set<MapController>();

export class MapController {
  private vp: Viewport = WHOLE_SPACE;
  /** Follow the content at each step until the user moves the view. */
  private autoFit = true;
  private spaces: readonly AddressSpaceView[] = [];
  private changes: readonly RangeChange[] = [];
  private selection: Selection = NO_SELECTION;
  private pointer: { x: number; y: number } | null = null;
  private hit: Hit | null = null;
  private colors: MapColors | null = null;
  private dark = false;
  private canvas: HTMLCanvasElement | null = null;
  private width = 0;
  private raf = 0;
  private readonly cache = new RectCache();
  private lastTicks: TickSet | null = null;
  private axisPrefix: string | null = null;
  private readonly listeners = new Set<() => void>();
  private waiters: (() => void)[] = [];
  private version = 0;
  private busyKey = 'map';
  readonly drawStats = new FrameStats();
  private paints = 0;
  private lastPaint = 0;

  // ------------------------------------------------------------ wiring

  attach(canvas: HTMLCanvasElement): void {
    attached.add(this);
    this.busyKey = attached.size === 1 ? 'map' : `map:${attached.size}`;
    this.canvas = canvas;
    this.invalidate();
  }

  detach(): void {
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.canvas = null;
    attached.delete(this);
    markIdle(this.busyKey);
    this.flushWaiters();
  }

  /** For useSyncExternalStore: called on viewport, hover and data changes. */
  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getVersion = (): number => this.version;

  private emit(): void {
    this.version++;
    for (const l of [...this.listeners]) l();
  }

  // ------------------------------------------------------------ inputs

  setData(spaces: readonly AddressSpaceView[], changes: readonly RangeChange[]): void {
    this.spaces = spaces;
    this.changes = changes;
    if (this.autoFit) this.vp = this.boundsViewport(contentBounds(spaces));
    this.rehit();
    this.emit();
    this.invalidate();
  }

  setSelection(sel: Selection): void {
    this.selection = sel;
    // A range or address chosen elsewhere (the table, the inspector) is brought into view when
    // none of it is in view; a click on a wide range partly on screen does not move the map.
    const known = sel.kind !== 'none' && sel.kind !== 'node' && this.spaces.some((s) => s.id === sel.space);
    if (known && sel.kind === 'range' && !intersects(this.vp, sel.first, sel.last)) this.moveTo(reveal(this.vp, sel.first, sel.last), false);
    else if (known && sel.kind === 'address' && !intersects(this.vp, sel.iova, sel.iova)) this.moveTo(reveal(this.vp, sel.iova, sel.iova), false);
    this.invalidate();
  }

  setTheme(dark: boolean): void {
    this.dark = dark;
    // Read the variables at paint time: the page's data-theme is set by an effect that may run
    // after this one.
    this.colors = null;
    this.invalidate();
  }

  setWidth(width: number): void {
    if (width === this.width) return;
    this.width = width;
    this.rehit();
    this.emit();
    this.invalidate();
  }

  // ------------------------------------------------------------ navigation

  getViewport(): Viewport {
    return this.vp;
  }

  getWidth(): number {
    return this.width;
  }

  isAutoFit(): boolean {
    return this.autoFit;
  }

  getSpaces(): readonly AddressSpaceView[] {
    return this.spaces;
  }

  paintCount(): number {
    return this.paints;
  }

  lastPaintMs(): number {
    return this.lastPaint;
  }

  /** The digits every tick label shares when the labels are compact ("0xffff_ffff_ffff_"). */
  getAxisPrefix(): string | null {
    return this.axisPrefix;
  }

  getTicks(): TickSet | null {
    return this.lastTicks;
  }

  /** Any explicit move by the user ends auto-fit; fitting to content turns it back on. */
  setViewport(vp: Viewport, user = true): void {
    this.moveTo(vp, user);
  }

  zoom(factor: number, anchor = 0.5): void {
    this.moveTo(zoomAt(this.vp, factor, anchor), true);
  }

  /** Zoom about the pointer when it is over the plot, else about the centre. */
  zoomAtPointer(factor: number): void {
    const a = this.pointer && this.width > 0 ? this.pointer.x / this.width : 0.5;
    this.zoom(factor, a);
  }

  pan(dx: number): void {
    if (this.width > 0) this.moveTo(panPx(this.vp, this.width, dx), true);
  }

  gesture(prev: PxTransform, next: PxTransform): void {
    if (this.width > 0) this.moveTo(applyGesture(this.vp, this.width, prev, next), true);
  }

  fit(target: FitTarget): void {
    if (target === 'whole') {
      this.moveTo(WHOLE_SPACE, true);
      return;
    }
    if (target === 'content') {
      this.moveTo(this.boundsViewport(contentBounds(this.spaces)), false);
      this.autoFit = true;
      this.emit();
      return;
    }
    if (target === 'all') {
      this.moveTo(this.boundsViewport(allBounds(this.spaces)), true);
      return;
    }
    const space = this.spaces.find((s) => s.id === target.space);
    if (space) this.moveTo(this.boundsViewport(laneBounds(space)), true);
  }

  private boundsViewport(b: Bounds | null): Viewport {
    return b ? fitRange(b[0], b[1]) : WHOLE_SPACE;
  }

  private moveTo(vp: Viewport, user: boolean): void {
    if (user) this.autoFit = false;
    if (sameViewport(vp, this.vp)) {
      this.emit();
      return;
    }
    this.vp = vp;
    this.rehit();
    this.emit();
    this.invalidate();
  }

  // ------------------------------------------------------------ hover

  /** The pointer moved to (x, y) in plot pixels; null when it left. */
  setPointer(p: { x: number; y: number } | null): void {
    this.pointer = p;
    this.rehit();
    this.emit();
    this.invalidate();
  }

  getHit(): Hit | null {
    return this.hit;
  }

  /** The current step's changes in a lane that contain addr (the removed ones are gone from the lanes). */
  changesAt(space: string, addr: bigint): { readonly kind: 'added' | 'removed'; readonly range: RangeChange['added'][number]; readonly what: RangeChange['kind'] }[] {
    const out: { kind: 'added' | 'removed'; range: RangeChange['added'][number]; what: RangeChange['kind'] }[] = [];
    for (const rc of this.changes) {
      if (rc.space !== space) continue;
      for (const r of rc.added) if (r.first <= addr && addr <= r.last) out.push({ kind: 'added', range: r, what: rc.kind });
      for (const r of rc.removed) if (r.first <= addr && addr <= r.last) out.push({ kind: 'removed', range: r, what: rc.kind });
    }
    return out;
  }

  getPointer(): { x: number; y: number } | null {
    return this.pointer;
  }

  /** What is under plot point (x, y), without moving the hover. */
  hitAt(x: number, y: number): Hit | null {
    const lane = laneAtY(y, this.spaces.length);
    if (lane === null || this.width <= 0) return null;
    return hitTest(this.spaces[lane]!, this.vp, this.width, x, y - laneTop(lane));
  }

  private rehit(): void {
    this.hit = this.pointer ? this.hitAt(this.pointer.x, this.pointer.y) : null;
  }

  // ------------------------------------------------------------ painting

  invalidate(): void {
    if (this.raf || !this.canvas) return;
    markBusy(this.busyKey);
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.paint();
      markIdle(this.busyKey);
      this.flushWaiters();
    });
  }

  /** Resolves once everything asked for so far is on screen. */
  whenDrawn(): Promise<void> {
    if (!this.raf) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private flushWaiters(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  private paint(): void {
    const canvas = this.canvas;
    if (!canvas || this.width <= 0) return;
    const t0 = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const height = plotHeight(this.spaces.length);
    const pw = Math.round(this.width * dpr);
    const ph = Math.round(height * dpr);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
      canvas.style.height = `${height}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    this.colors ??= readColors(canvas, this.dark);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const p = this.pointer;
    const hover: Hover | null = p
      ? { x: p.x, lane: laneAtY(p.y, this.spaces.length), range: this.hit?.range ?? null, addr: this.hit?.addr ?? pxToAddr(this.vp, this.width, p.x) }
      : null;
    this.lastTicks = paintMap(ctx, {
      spaces: this.spaces,
      changes: this.changes,
      vp: this.vp,
      width: this.width,
      height,
      selection: this.selection,
      hover,
      colors: this.colors,
    }, this.cache);
    // The shared prefix of compact tick labels is shown beside the axis, in the DOM.
    const prefix = this.lastTicks.prefix;
    if (prefix !== this.axisPrefix) {
      this.axisPrefix = prefix;
      this.emit();
    }
    this.lastPaint = performance.now() - t0;
    this.paints++;
    this.drawStats.add(this.lastPaint);
  }
}

function intersects(vp: Viewport, first: bigint, last: bigint): boolean {
  return last >= vp.start && first <= lastVisible(vp);
}
