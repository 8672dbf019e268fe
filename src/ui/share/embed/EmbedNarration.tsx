// The embed's narration under the views: the step's note (the scenario author's words), and for
// a failing step the kernel's reason and the function that decides it. Before the first step,
// the scenario's description. All of it scenario text, rendered as text.

import type { Step, StepResult } from '../../../worker/protocol';
import { errnoText } from '../../format';

export function EmbedNarration({ step, result, shownStep, description }: { step: Step | null; result: StepResult | null; shownStep: number; description: string | undefined }) {
  const failed = result && !result.ok ? result : null;
  const note = step?.note;
  const intro = shownStep < 0 ? description : undefined;
  if (!note && !failed && !intro) return <div className="em-narration em-narration-empty" data-testid="embed-narration" />;
  return (
    <div className="em-narration" data-testid="embed-narration" aria-live="polite">
      {failed && (
        <p className="em-why" data-testid="embed-reason">
          <span className="em-errno">{errnoText(failed.errno)}</span> <span>{failed.reason}</span> <code className="em-source">{failed.source}</code>
        </p>
      )}
      {note && (
        <p className="em-note" data-testid="embed-note">
          {note}
        </p>
      )}
      {intro && (
        <p className="em-note em-intro" data-testid="embed-description">
          {intro}
        </p>
      )}
    </div>
  );
}
