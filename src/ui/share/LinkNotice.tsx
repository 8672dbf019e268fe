// The banner about a link: one that did not open (what is wrong, where, and that the current
// work stayed), or one that opened with parts dropped. Dismissible; never blocks the page.

import { useExplorer } from '../StoreContext';
import { useShare, useShareStore } from './ShareContext';

export function LinkNotice() {
  const notice = useShare((s) => s.notice);
  const share = useShareStore();
  const hasCurrent = useExplorer((s) => s.current !== null);
  if (!notice) return null;
  const dismiss = (
    <button type="button" className="btn btn-small btn-quiet" onClick={() => share.getState().setNotice(null)} data-testid="link-notice-dismiss">
      Dismiss
    </button>
  );
  if (notice.kind === 'warnings') {
    return (
      <section className="notice notice-warn" role="status" data-testid="link-notice" data-kind="warnings">
        <div className="notice-head">
          <strong>The link opened, with parts left out</strong>
          {dismiss}
        </div>
        <ul className="issues">
          {notice.warnings.map((w, i) => (
            <li key={i} data-testid="link-warning">
              <code className="issue-where">{w.where}</code>
              <span className="issue-msg">{w.message}</span>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section className="notice notice-err" role="alert" data-testid="link-notice" data-kind={notice.errorKind}>
      <div className="notice-head">
        <strong>This link could not be opened</strong>
        {dismiss}
      </div>
      <p className="notice-body" data-testid="link-notice-message">
        {notice.message}
      </p>
      <p className="notice-body small muted">
        Where: <code data-testid="link-notice-where">{notice.where}</code>.{' '}
        {notice.kept || hasCurrent ? 'Your current scenario is unchanged, and the address bar shows its link again.' : 'Nothing was opened; the link stays in the address bar so it can be checked or reported.'}
      </p>
    </section>
  );
}
