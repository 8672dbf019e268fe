// The tour being played: where we are (chapter, "3 / 12"), the narration with its quote from
// the thread and the kernel function it rests on, what to look at, and the way on (buttons and
// the arrow keys). If the user steps the timeline elsewhere or opens another scenario, the panel
// says so and offers to go back; the tour never fights the user for the screen.
// Every text from a tour file is rendered as text, never as HTML.

import { useEffect, useRef } from 'react';
import { useExplorer } from '../StoreContext';
import type { TourStep } from './format';
import { chapterStart, positionOf, stepAt, tourLength } from './format';
import { lookAt } from './lookAt';
import { StepResultLine } from './StepResultLine';
import { chapterOrigin } from './tourStore';
import type { ActiveTour } from './tourStore';
import { useTours, useTourStore } from './useTours';
import './tours.css';

export function TourPanel() {
  const active = useTours((s) => s.active);
  if (!active) return null;
  return <Playing active={active} />;
}

function Playing({ active }: { active: ActiveTour }) {
  const tours = useTourStore();
  const going = useTours((s) => s.going);
  const problem = useTours((s) => s.problem);
  const { tour, name } = active;
  const pos = positionOf(tour, active.index);
  const step = stepAt(tour, pos);
  const total = tourLength(tour);
  const chapter = tour.chapters[pos.chapter]!;
  const origin = chapterOrigin(name, tour, pos.chapter);
  const onChapter = useExplorer((s) => s.current?.origin === origin);
  const cursor = useExplorer((s) => s.cursor);
  const snapshot = useExplorer((s) => s.snapshot);
  const offTrack = !going && !(onChapter && cursor === step.at);
  // The result of the scenario step shown, once it is the tour step's own.
  const result = useExplorer((s) => (onChapter && !offTrack && step.at >= 0 && s.run.kind === 'done' ? (s.run.run.results[step.at] ?? null) : null));
  const textRef = useRef<HTMLDivElement>(null);

  // A new step's narration starts at its top.
  useEffect(() => {
    textRef.current?.scrollTo?.({ top: 0 });
  }, [active.index]);

  const t = tours.getState();
  return (
    <section className="tour" data-testid="tour-panel" data-tour={name} data-index={active.index} data-going={going ? 'true' : 'false'} aria-label={`Tour: ${tour.title}`}>
      <header className="tour-head">
        <div className="tour-kicker">
          <span>Tour{tour.seeds.length > 0 ? ` · seed ${tour.seeds.join(', ')}` : ''}</span>
          <button type="button" className="btn btn-quiet btn-small" data-testid="tour-exit" onClick={() => t.exit()} title="Leave the tour (the scenario stays open)">
            Exit tour
          </button>
        </div>
        <h2 className="tour-title">{tour.title}</h2>
        <p className="tour-chapter" data-testid="tour-chapter">
          Chapter {pos.chapter + 1} of {tour.chapters.length} · {chapter.title}
        </p>
        <Progress index={active.index} total={total} />
      </header>

      <div className="tour-body" ref={textRef} aria-live="polite">
        <p className="tour-count" data-testid="tour-count">
          <strong>
            {active.index + 1} / {total}
          </strong>
          <span className="muted"> · scenario step {step.at < 0 ? '(before the first)' : step.at}</span>
        </p>
        <Narration step={step} />
        {result && <StepResultLine result={result} />}
        <p className="tour-look" data-testid="tour-look">
          <span className="tour-look-label">Look at</span> {lookAt(step.select, snapshot, step.view)}
        </p>
        {problem && (
          <div className="notice notice-err tour-problem" role="alert">
            <span>{problem}</span>
            <button type="button" className="btn btn-small" onClick={() => t.dismissProblem()}>
              Dismiss
            </button>
          </div>
        )}
        {offTrack && !problem && (
          <div className="notice notice-warn tour-offtrack" data-testid="tour-offtrack">
            <span>{onChapter ? `The timeline is at step ${cursor < 0 ? '(before the first)' : cursor}, not at this tour step's.` : 'Another scenario is open.'}</span>
            <button type="button" className="btn btn-small" data-testid="tour-resume" onClick={() => void t.go(active.index)}>
              Back to the tour
            </button>
          </div>
        )}
      </div>

      <footer className="tour-nav">
        <button type="button" className="btn" data-testid="tour-prev" disabled={active.index === 0} onClick={() => void t.prev()} aria-keyshortcuts="ArrowLeft">
          ← Previous
        </button>
        <span className="tour-keys muted small" aria-hidden="true">
          ← → keys
        </span>
        {active.index < total - 1 ? (
          <button type="button" className="btn tour-primary" data-testid="tour-next" onClick={() => void t.next()} aria-keyshortcuts="ArrowRight">
            Next →
          </button>
        ) : (
          <button type="button" className="btn tour-primary" data-testid="tour-finish" onClick={() => t.exit()}>
            Finish
          </button>
        )}
      </footer>

      <details className="tour-toc" data-testid="tour-toc">
        <summary className="tour-toc-summary">All chapters ({tour.chapters.length})</summary>
        <nav aria-label="Chapters">
          <ol>
            {tour.chapters.map((c, i) => (
              <li key={i}>
                <button
                  type="button"
                  className={`tour-toc-item${i === pos.chapter ? ' tour-toc-on' : ''}`}
                  aria-current={i === pos.chapter ? 'step' : undefined}
                  data-testid="tour-chapter-link"
                  onClick={() => void t.go(chapterStart(tour, i))}
                >
                  <span className="tour-toc-title">{c.title}</span>
                  <span className="tour-toc-n muted">{c.steps.length}</span>
                </button>
              </li>
            ))}
          </ol>
        </nav>
      </details>
    </section>
  );
}

function Progress({ index, total }: { index: number; total: number }) {
  return (
    <div className="tour-progress" role="progressbar" aria-valuemin={1} aria-valuemax={total} aria-valuenow={index + 1} aria-label="Tour progress">
      <div className="tour-progress-bar" style={{ width: `${((index + 1) / total) * 100}%` }} />
    </div>
  );
}

function Narration({ step }: { step: TourStep }) {
  return (
    <div className="tour-narration" data-testid="tour-text">
      {step.text.split(/\n{2,}/).map((para, i) => (
        <p key={i}>{para}</p>
      ))}
      {step.quote && (
        <figure className="tour-quote">
          <blockquote>{step.quote.text}</blockquote>
          <figcaption>— {step.quote.who}</figcaption>
        </figure>
      )}
      {step.source && <p className="tour-source mono">{step.source}</p>}
    </div>
  );
}
