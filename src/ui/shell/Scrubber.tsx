// The scrubber: a native range input over the run (-1 .. last step), so it is keyboard and
// screen-reader accessible for free, over a canvas strip that marks where steps failed (errno),
// missed their `expect`, or hit a simulator bug. Marks are bucketed per pixel column, so a
// 100k-step run draws at most one mark per column.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunAllResult } from '../../worker/protocol';
import { cssColor } from '../palette';

type Mark = 0 | 1 | 2 | 3; // none, errno, expect not met, simulator bug (worst wins)

function marksOf(run: RunAllResult | null, total: number): Uint8Array {
  const m = new Uint8Array(Math.max(0, total));
  if (!run) return m;
  run.results.forEach((r, i) => {
    if (!r.ok) m[i] = 1;
  });
  run.mismatches.forEach((x, i) => {
    if (x) m[i] = 2;
  });
  if (run.bug?.step != null && run.bug.step < total) m[run.bug.step] = 3;
  return m;
}

export function Scrubber({ cursor, last, total, run, onSeek, theme }: {
  cursor: number;
  last: number;
  total: number;
  run: RunAllResult | null;
  onSeek: (step: number) => void;
  theme: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const marks = useMemo(() => marksOf(run, total), [run, total]);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => setWidth(Math.round(entries[0]?.contentRect.width ?? 0)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = canvas.current;
    if (!el || width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(6 * dpr);
    const ctx = el.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, 6);
    if (total <= 0) return;
    // Positions -1..total-1 map onto the width like the range input's thumb travel.
    const cols = new Uint8Array(width);
    const span = total; // number of intervals between -1 and total-1
    for (let i = 0; i < marks.length; i++) {
      const m = marks[i]!;
      if (m === 0) continue;
      const x = Math.min(width - 1, Math.floor(((i + 1) / span) * (width - 1)));
      if (m > cols[x]!) cols[x] = m;
    }
    const colors = ['', cssColor('--err'), cssColor('--err'), cssColor('--bug')];
    for (let x = 0; x < width; x++) {
      const m = cols[x]!;
      if (!m) continue;
      ctx.fillStyle = colors[m]!;
      ctx.fillRect(x, m === 2 ? 0 : 2, 1, m === 2 ? 6 : 4);
    }
  }, [marks, width, total, theme]);

  return (
    <div className="scrubber" data-own-keys>
      <input
        type="range"
        className="scrubber-input"
        data-testid="scrubber"
        aria-label="Step"
        aria-valuetext={cursor < 0 ? 'before the first step' : `step ${cursor} of ${last}`}
        min={-1}
        max={Math.max(-1, last)}
        step={1}
        value={cursor}
        disabled={last < 0}
        onChange={(e) => onSeek(Number(e.currentTarget.value))}
      />
      <canvas ref={canvas} className="scrubber-marks" aria-hidden="true" />
    </div>
  );
}
