// The step controls along the bottom: first / previous / play-pause / next / last, the speed,
// the scrubber, and where the explorer is ("step 12 of 0-39", the op, the seek's cost).

import type { RunAllResult } from '../../worker/protocol';
import { SPEEDS } from '../../state/store';
import { useExplorer, useExplorerStore } from '../StoreContext';
import { Scrubber } from './Scrubber';

const EMPTY_RUN: RunAllResult | null = null;

export function Transport() {
  const store = useExplorerStore();
  const cursor = useExplorer((s) => s.cursor);
  const shown = useExplorer((s) => s.snapshot?.step ?? null);
  const playing = useExplorer((s) => s.playing);
  const speed = useExplorer((s) => s.speed);
  const run = useExplorer((s) => (s.run.kind === 'done' ? s.run.run : EMPTY_RUN));
  const total = useExplorer((s) => s.current?.view.steps.length ?? 0);
  const op = useExplorer((s) => (s.cursor >= 0 ? (s.current?.view.steps[s.cursor]?.op ?? null) : null));
  const lastSeek = useExplorer((s) => s.lastSeek);
  const theme = useExplorer((s) => s.theme);
  const seekError = useExplorer((s) => s.seekError);
  const last = run ? run.results.length - 1 : -1;
  const ready = run !== null;
  const st = () => store.getState();

  return (
    <footer className="transport" data-testid="transport" aria-label="Step controls">
      <div className="transport-buttons" role="group" aria-label="Stepping">
        <button type="button" className="tbtn" data-testid="step-first" onClick={() => void st().seek(-1)} disabled={!ready || cursor <= -1} title="Before the first step (Home)" aria-label="First: before the first step">
          <Icon d="M4 3v10M13 3 6 8l7 5z" />
        </button>
        <button type="button" className="tbtn" data-testid="step-prev" onClick={() => void st().stepBy(-1)} disabled={!ready || cursor <= -1} title="Previous step (←)" aria-label="Previous step">
          <Icon d="M12 3 5 8l7 5z" />
        </button>
        <button type="button" className="tbtn tbtn-play" data-testid="play" onClick={() => st().setPlaying(!playing)} disabled={!ready || last < 0} title={playing ? 'Pause (Space)' : 'Play (Space)'} aria-label={playing ? 'Pause' : 'Play'} aria-pressed={playing}>
          {playing ? <Icon d="M5 3h2v10H5zM9 3h2v10H9z" /> : <Icon d="M5 3l8 5-8 5z" />}
        </button>
        <button type="button" className="tbtn" data-testid="step-next" onClick={() => void st().stepBy(1)} disabled={!ready || cursor >= last} title="Next step (→)" aria-label="Next step">
          <Icon d="M4 3l7 5-7 5z" />
        </button>
        <button type="button" className="tbtn" data-testid="step-last" onClick={() => void st().seek(last)} disabled={!ready || cursor >= last} title="Last step (End)" aria-label="Last step">
          <Icon d="M12 3v10M3 3l7 5-7 5z" />
        </button>
      </div>
      <label className="speed">
        <span className="visually-hidden">Playback speed</span>
        <select data-testid="speed" value={speed} onChange={(e) => st().setSpeed(Number(e.currentTarget.value))} disabled={!ready} title="Steps per second while playing">
          {SPEEDS.map((v) => (
            <option key={v} value={v}>
              {v} step{v === 1 ? '' : 's'}/s
            </option>
          ))}
        </select>
      </label>
      <Scrubber cursor={cursor} last={last} total={total} run={run} onSeek={(s) => void st().seek(s)} theme={theme} />
      <div className="position" data-testid="position" data-cursor={cursor} data-shown={shown ?? ''} aria-live="polite">
        {!ready ? (
          <span className="muted">no run</span>
        ) : (
          <>
            <span className="position-step">{cursor < 0 ? 'before step 0' : `step ${cursor}`}</span>
            <span className="position-of muted"> of 0–{last}</span>
            {op && <code className="position-op">{op}</code>}
          </>
        )}
        {seekError ? (
          <span className="position-err" role="alert" title={seekError}>
            seek failed
          </span>
        ) : (
          lastSeek && <span className="position-cost" title={`the worker replayed ${lastSeek.replayed} steps from its nearest checkpoint`}>{formatMs(lastSeek.ms)}</span>
        )}
      </div>
    </footer>
  );
}

function formatMs(ms: number): string {
  return ms < 1 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

function Icon({ d }: { d: string }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" />
    </svg>
  );
}
