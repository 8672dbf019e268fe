// The draft's problems, each naming where it is (`steps[4].iova`, a line for a syntax error);
// choosing one takes the user there: the caret in the raw view, the field in the forms.

import type { ScenarioIssue } from '../../core/scenario/types';
import { plural } from './issues';

export interface IssueListProps {
  readonly issues: readonly ScenarioIssue[];
  readonly title: string;
  readonly onPick: (issue: ScenarioIssue) => void;
  /** The line an issue is on, in the raw view. */
  readonly lineOf?: (issue: ScenarioIssue) => number | null;
  readonly testId?: string;
}

export function IssueList(p: IssueListProps) {
  if (p.issues.length === 0) return null;
  return (
    <section className="ed-issues" aria-label={p.title} data-testid={p.testId ?? 'editor-issues'}>
      <h3 className="ed-issues-title">
        {p.title} <span className="ed-issues-count">{plural(p.issues.length, 'problem')}</span>
      </h3>
      <ul className="ed-issues-list">
        {p.issues.map((i, n) => {
          const line = p.lineOf?.(i) ?? null;
          return (
            <li key={n}>
              <button type="button" className="ed-issue" onClick={() => p.onPick(i)} data-testid="issue" data-where={i.where} data-line={line ?? undefined}>
                <span className="ed-issue-where">{i.where}</span>
                {line !== null && <span className="ed-issue-line">line {line}</span>}
                <span className="ed-issue-msg">{i.message}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
