// Hex ticks for the 64-bit axis, computed in bigint. The step is a power of two, the smallest
// that keeps every label clear of its neighbour and at most MAX_TICKS labels in view, so there
// are 4 to 8 labels whenever the width allows. Labels are the exact address in hex grouped by
// four digits; the digits that tell the ticks apart (between the prefix all ticks share and the
// zeros below the step) are marked "strong" so the eye finds them, the rest is drawn muted.

import { groupDigits } from './hexfmt';
import type { Viewport } from './viewport';
import { addrToPx, lastVisible } from './viewport';

export const MAX_TICKS = 8;
/** Clear space between the end of one label and the next tick, in pixels. */
export const LABEL_GAP_PX = 18;

export interface Tick {
  readonly addr: bigint;
  readonly x: number;
  readonly label: string;
  /** [from, to) character indices of the label's distinguishing digits. */
  readonly strong: readonly [number, number];
}

export interface TickSet {
  readonly step: bigint;
  readonly ticks: readonly Tick[];
  /** Unlabelled minor ticks (a quarter step) in pixels, when they are at least 8 px apart. */
  readonly minor: readonly number[];
}

/** Measures a label's width in pixels (canvas measureText in the app, a fixed pitch in tests). */
export type Measure = (label: string) => number;

export function hexTicks(vp: Viewport, width: number, measure: Measure): TickSet {
  const last = lastVisible(vp);
  // The smallest power of two that gives at most MAX_TICKS ticks in the window.
  let k = Math.max(0, bitLength((vp.span - 1n) / BigInt(MAX_TICKS)));
  let best: TickSet | null = null;
  for (; k <= 63; k++) {
    const step = 1n << BigInt(k);
    const set = ticksAt(vp, width, step, last);
    best = set;
    const pxPerStep = (Number(step) / Number(vp.span)) * width;
    let widest = 0;
    for (const t of set.ticks) widest = Math.max(widest, measure(t.label));
    if (pxPerStep >= widest + LABEL_GAP_PX) return set;
  }
  // Too narrow for even two labels: keep the coarsest set (the caller drops what does not fit).
  return best ?? { step: 1n << 63n, ticks: [], minor: [] };
}

function ticksAt(vp: Viewport, width: number, step: bigint, last: bigint): TickSet {
  const first = ceilTo(vp.start, step);
  const addrs: bigint[] = [];
  for (let a = first; a <= last; a += step) addrs.push(a);
  // Ticks are multiples of the step: the hex digits below the one holding its bit are all zero.
  const lowDigit = Math.floor((bitLength(step) - 1) / 4);
  // Digits above the highest one that differs between the first and last tick are shared.
  const first0 = addrs[0];
  const lastN = addrs[addrs.length - 1];
  const highDigit = first0 === undefined || lastN === undefined || first0 === lastN ? 15 : Math.floor((bitLength(first0 ^ lastN) - 1) / 4);
  const ticks = addrs.map((addr) => {
    const { label, strong } = marked(addr, lowDigit, addrs.length > 1 ? highDigit : 15);
    return { addr, x: addrToPx(vp, width, addr), label, strong };
  });
  const minorStep = step / 4n;
  const minor: number[] = [];
  if (minorStep > 0n && (Number(minorStep) / Number(vp.span)) * width >= 8) {
    for (let a = ceilTo(vp.start, minorStep); a <= last; a += minorStep) {
      if (a % step !== 0n) minor.push(addrToPx(vp, width, a));
    }
  }
  return { step, ticks, minor };
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

/** The number of bits needed to write x (0 for 0). */
export function bitLength(x: bigint): number {
  return x <= 0n ? 0 : x.toString(2).length;
}

function ceilTo(x: bigint, step: bigint): bigint {
  const r = x % step;
  return r === 0n ? x : x + (step - r);
}
