// The tour picker: a dialog of cards, one per built-in tour (public/tours/index.json), each
// with its one-line summary, the seed threads it tells and its size. Escape or the Close
// button closes it; focus goes to the first card and returns to the opener.

import { useEffect, useRef } from 'react';
import { tourLength } from './format';
import type { CatalogEntry } from './tourStore';
import { useTours, useTourStore } from './useTours';
import './tours.css';

/** The picker's dialog (TourButton mounts it, loaded with its first opening). */
export function PickerDialog() {
  const tours = useTourStore();
  const catalog = useTours((s) => s.catalog);
  const problem = useTours((s) => s.problem);
  const activeName = useTours((s) => s.active?.name ?? null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    box.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        tours.getState().closePicker();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, [tours]);

  // Once the cards are there, the first one takes the focus (Enter starts it).
  useEffect(() => {
    if (catalog.kind === 'ok') box.current?.querySelector<HTMLButtonElement>('[data-testid="tour-start"]')?.focus();
  }, [catalog.kind]);

  const close = (): void => tours.getState().closePicker();
  return (
    <div className="dialog-backdrop tour-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div ref={box} className="dialog tour-picker" role="dialog" aria-modal="true" aria-labelledby="tour-picker-title" tabIndex={-1} data-testid="tour-picker">
        <div className="dialog-head tour-picker-head">
          <h2 id="tour-picker-title" className="tour-picker-title">
            Guided tours
          </h2>
          <button type="button" className="btn btn-quiet" onClick={close} data-testid="tour-picker-close">
            Close
          </button>
        </div>
        <div className="dialog-body">
          <p className="muted tour-picker-intro">
            Each tour replays scenarios step by step with narration: the seed threads this tool grew from, told on the state
            the kernel really reaches. Use ← and → (or the buttons) to move; every step is the full state at that point.
          </p>
          {problem && (
            <p className="notice notice-err" role="alert" data-testid="tour-picker-problem">
              {problem}
            </p>
          )}
          {catalog.kind === 'loading' && <p className="muted">Loading the tours…</p>}
          {catalog.kind === 'error' && <p className="notice notice-err">{catalog.message}</p>}
          {catalog.kind === 'ok' && (
            <ul className="tour-cards">
              {catalog.entries.map((e) => (
                <Card key={e.name} entry={e} active={e.name === activeName} onStart={() => void tours.getState().start(e.name)} />
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}

function Card({ entry, active, onStart }: { entry: CatalogEntry; active: boolean; onStart: () => void }) {
  const t = entry.tour;
  if (!t) {
    return (
      <li className="tour-card tour-card-broken" data-testid="tour-card" data-tour={entry.name}>
        <h3 className="tour-card-title">{entry.name}</h3>
        <p className="small err-text">{entry.problem}</p>
      </li>
    );
  }
  const steps = tourLength(t);
  return (
    <li className="tour-card" data-testid="tour-card" data-tour={entry.name}>
      <h3 className="tour-card-title">{t.title}</h3>
      <p className="tour-card-summary">{t.summary}</p>
      <p className="tour-card-meta muted small">
        {t.seeds.length > 0 && <span className="tag">seed {t.seeds.join(' + ')}</span>}
        <span>
          {t.chapters.length === 1 ? '1 chapter' : `${t.chapters.length} chapters`} · {steps} steps
        </span>
      </p>
      <button type="button" className="btn tour-primary tour-card-start" data-testid="tour-start" onClick={onStart} aria-label={`Start the tour: ${t.title}`}>
        {active ? 'Restart' : 'Start'}
      </button>
    </li>
  );
}
