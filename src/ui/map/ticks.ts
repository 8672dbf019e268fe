// Hex ticks for the 64-bit axis, computed in bigint. The step is a power of two, the smallest
// that keeps every label clear of its neighbour and at most MAX_TICKS labels in view, so there
// are 4 to 8 labels whenever the width allows. Labels are exact hex grouped by four digits; the
// digits that tell the ticks apart (between the prefix all ticks share and the zeros below the
// step) are marked "strong" so the eye finds them, the rest is drawn muted.
//
// When full 64-bit labels leave fewer than MIN_TICKS in a narrow map, the ticks drop the groups
// of digits they all share: "…f400" under a shared prefix "0xffff_ffff_ffff_" that the map
// shows once, beside the axis. Every tick is still exact: prefix + label.

import { groupDigits } from './hexfmt';
import type { Viewport } from './viewport';
import { addrToPx, lastVisible } from './viewport';

export const MAX_TICKS = 8;
export const MIN_TICKS = 4;
/** Clear space between the end of one label and the next tick, in pixels. */
export const LABEL_GAP_PX = 18;

export interface Tick {
  readonly addr: bigint;
  readonly x: number;
  /** Exact hex, or (compact sets) "…" and the digits below the shared prefix. */
  readonly label: string;
  /** [from, to) character indices of the label's distinguishing digits. */
  readonly strong: readonly [number, number];
}

export interface TickSet {
  readonly step: bigint;
  readonly ticks: readonly Tick[];
  /** Unlabelled minor ticks (a quarter step) in pixels, when they are at least 8 px apart. */
  readonly minor: readonly number[];
  /** Compact sets: the digits every tick shares, "0xffff_ffff_ffff_" (labels continue it). */
  readonly prefix: string | null;
}

/** Measures a label's width in pixels (canvas measureText in the app, a fixed pitch in tests). */
export type Measure = (label: string) => number;

export function hexTicks(vp: Viewport, width: number, measure: Measure): TickSet {
  const full = firstFitting(vp, width, measure, false);
  if (full && full.ticks.length >= MIN_TICKS) return full;
  const compact = firstFitting(vp, width, measure, true);
  if (compact && compact.prefix !== null && compact.ticks.length > (full?.ticks.length ?? 0)) return compact;
  // Too narrow for even two labels: the coarsest set (the painter drops what does not fit).
  return full ?? ticksAt(vp, width, 1n << 63n, false);
}

/** The set with the smallest power-of-two step whose labels do not collide. */
function firstFitting(vp: Viewport, width: number, measure: Measure, compact: boolean): TickSet | null {
  // The smallest power of two that gives at most MAX_TICKS ticks in the window.
  for (let k = Math.max(0, bitLength((vp.span - 1n) / BigInt(MAX_TICKS))); k <= 63; k++) {
    const step = 1n << BigInt(k);
    const set = ticksAt(vp, width, step, compact);
    const pxPerStep = (Number(step) / Number(vp.span)) * width;
    let widest = 0;
    for (const t of set.ticks) widest = Math.max(widest, measure(t.label));
    if (pxPerStep >= widest + LABEL_GAP_PX) return set;
  }
  return null;
}

function ticksAt(vp: Viewport, width: number, step: bigint, compact: boolean): TickSet {
  const last = lastVisible(vp);
  const addrs: bigint[] = [];
  for (let a = ceilTo(vp.start, step); a <= last; a += step) addrs.push(a);
  // Ticks are multiples of the step: the hex digits below the one holding its bit are all zero.
  const low = Math.floor((bitLength(step) - 1) / 4);
  // Digits above the highest one that differs between the first and last tick are shared.
  const a0 = addrs[0];
  const aN = addrs[addrs.length - 1];
  const high = a0 === undefined || aN === undefined || a0 === aN ? 15 : Math.floor((bitLength(a0 ^ aN) - 1) / 4);
  // Compact labels keep whole groups of four digits: from the group holding `high` down.
  const keep = compact ? 4 * (Math.floor(high / 4) + 1) : 0;
  // A prefix of zeros saves nothing: such labels are short already.
  const shared = compact && keep < 16 && a0 !== undefined ? sharedPrefix(a0, keep) : '0x';
  const prefix = shared === '0x' ? null : shared;
  const ticks = addrs.map((addr) => {
    const { label, strong } = prefix !== null ? markedSuffix(addr, keep, low, high) : marked(addr, low, high);
    return { addr, x: addrToPx(vp, width, addr), label, strong };
  });
  const minorStep = step / 4n;
  const minor: number[] = [];
  if (minorStep > 0n && (Number(minorStep) / Number(vp.span)) * width >= 8) {
    for (let a = ceilTo(vp.start, minorStep); a <= last; a += minorStep) {
      if (a % step !== 0n) minor.push(addrToPx(vp, width, a));
    }
  }
  return { step, ticks, minor, prefix };
}

/**
 * The grouped label of `addr` and the character span of its hex digits low..high (digit 0 is
 * the least significant). Leading zeros are not printed, so the span is clipped to the label.
 */
export function marked(addr: bigint, low: number, high: number): { label: string; strong: [number, number] } {
  const digits = addr.toString(16);
  const label = '0x' + groupDigits(digits);
  const n = digits.length;
  // Character index in the label of the digit at position p from the right.
  const at = (p: number): number => {
    const fromLeft = n - 1 - p; // index in `digits`
    return 2 + fromLeft + Math.floor(fromLeft / 4 + ((4 - (n % 4)) % 4) / 4);
  };
  const hi = Math.min(high, n - 1);
  // Every distinguishing digit is a leading zero (the tick at 0x0): the printed digits are it.
  if (low > hi) return { label, strong: [2, label.length] };
  return { label, strong: [at(hi), at(low) + 1] };
}

/** "…f400": the last `keep` digits (a multiple of 4) of addr, grouped, with the span low..high. */
export function markedSuffix(addr: bigint, keep: number, low: number, high: number): { label: string; strong: [number, number] } {
  const digits = addr.toString(16).padStart(16, '0').slice(16 - keep);
  const label = '…' + groupDigits(digits);
  const at = (p: number): number => {
    const fromLeft = keep - 1 - p;
    return 1 + fromLeft + Math.floor(fromLeft / 4);
  };
  return { label, strong: [at(Math.min(high, keep - 1)), at(low) + 1] };
}

/**
 * "0xffff_ffff_ffff_": the digits above the last `keep` of addr, grouped, ending in '_', without
 * leading zero groups ("0x7fff_ffff_" + "f000" reads 0x7fff_ffff_f000); "0x" when all are zero.
 */
export function sharedPrefix(addr: bigint, keep: number): string {
  const high = addr >> BigInt(4 * keep);
  if (high === 0n) return '0x';
  return '0x' + groupDigits(high.toString(16)) + '_';
}

/** The number of bits needed to write x (0 for 0). */
export function bitLength(x: bigint): number {
  return x <= 0n ? 0 : x.toString(2).length;
}

function ceilTo(x: bigint, step: bigint): bigint {
  const r = x % step;
  return r === 0n ? x : x + (step - r);
}
