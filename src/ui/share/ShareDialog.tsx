// The share dialog: the link to exactly what is on screen (with its length against the 2,000
// characters chat clients and issue trackers keep), an <iframe> snippet for slides and blog
// posts, and the scenario file (the way out when no link can hold the scenario). Scenario text
// (the title) reaches the snippet only through escapeAttr: the snippet is pasted into other
// people's pages.

import { useEffect, useId, useState } from 'react';
import { LINK_COMPATIBLE_CHARS, LINK_SAFE_CHARS } from '../../core/share';
import type { Theme } from '../../state/theme';
import { useExplorer } from '../StoreContext';
import { nameSource } from '../files/names';
import { copyText, downloadScenario, fileNameOf } from './download';
import { Modal } from './Modal';
import { DEFAULT_FRAME, embedUrl, FRAME_MAX, FRAME_MIN, frameDimension, iframeSnippet, pageBase, shareBase, shareUrl } from './params';
import { useShare, useShareStore } from './ShareContext';
import type { LinkInfo } from './shareStore';

const PENDING: LinkInfo = { kind: 'pending' };

export function ShareDialog() {
  const open = useShare((s) => s.shareOpen);
  const share = useShareStore();
  if (!open) return null;
  return (
    <Modal title="Share" testId="share-dialog" onClose={() => share.getState().setShareOpen(false)} initialFocus="[data-testid='share-copy-link']">
      <ShareBody />
    </Modal>
  );
}

function ShareBody() {
  const share = useShareStore();
  const link = useShare((s) => s.link);
  const current = useExplorer((s) => s.current);
  const cursor = useExplorer((s) => s.cursor);
  // The address is rewritten after a quiet moment; the dialog wants the link of this instant
  // (a map window set by a script, say, is read only now), so it waits for it.
  const [fresh, setFresh] = useState(false);
  useEffect(() => {
    let live = true;
    void share
      .getState()
      .flush()
      .finally(() => live && setFresh(true));
    return () => {
      live = false;
    };
  }, [share]);
  if (!current) return <p className="muted">Open a scenario first.</p>;
  const base = pageBase(window.location.href);
  const linkBase = shareBase(window.location.href);
  // Named as the toolbar's Download names it: the title, else the file it came from.
  const title = nameSource(current.view.title, current.origin);
  return (
    <div className="sh-sections">
      <LinkSection link={fresh ? link : PENDING} base={linkBase} cursor={cursor} onDownload={() => downloadScenario(current.text, title)} fileName={fileNameOf(title)} />
      {fresh && link.kind === 'ok' && <EmbedSection fragment={link.fragment} base={base} title={title} />}
      <section className="sh-section" aria-label="Scenario file">
        <h3 className="sh-h">Scenario file</h3>
        <p className="small muted">The scenario as a file (64-bit values in hex) opens with Open file… or by dropping it on the page; it carries no step or view.</p>
        <button type="button" className="btn" data-testid="share-download" onClick={() => downloadScenario(current.text, title)}>
          Download {fileNameOf(title)}
        </button>
      </section>
    </div>
  );
}

function LinkSection({ link, base, cursor, onDownload, fileName }: { link: LinkInfo; base: string; cursor: number; onDownload: () => void; fileName: string }) {
  const inputId = useId();
  switch (link.kind) {
    case 'none':
    case 'pending':
      return (
        <section className="sh-section" aria-label="Link">
          <h3 className="sh-h">Link</h3>
          <p className="muted small" data-testid="share-link-pending">Making the link…</p>
        </section>
      );
    case 'error':
      return (
        <section className="sh-section" aria-label="Link">
          <h3 className="sh-h">Link</h3>
          <p className="notice notice-warn sh-too-long" data-testid="share-link-error" data-reason={link.reason}>
            No link can hold this scenario: {link.message}.
          </p>
          <button type="button" className="btn" data-testid="share-download-instead" onClick={onDownload}>
            Download {fileName} instead
          </button>
        </section>
      );
    case 'ok': {
      const url = shareUrl(base, link.fragment);
      return (
        <section className="sh-section" aria-label="Link">
          <h3 className="sh-h">
            <label htmlFor={inputId}>Link to this screen</label>
          </h3>
          <p className="small muted">
            Reopens this scenario {cursor < 0 ? 'before its first step' : `at step ${cursor}`}, with the same selection and view. The scenario travels inside the link; nothing is uploaded.
          </p>
          <div className="sh-row">
            <input id={inputId} className="sh-url mono" readOnly value={url} data-testid="share-link" onFocus={(e) => e.currentTarget.select()} />
            <CopyButton text={url} testId="share-copy-link" label="Copy link" />
          </div>
          <LinkLength length={url.length} />
          {url.length > LINK_SAFE_CHARS && (
            <button type="button" className="btn" data-testid="share-download-instead" onClick={onDownload}>
              Download {fileName} instead
            </button>
          )}
        </section>
      );
    }
    default: {
      const never: never = link;
      return never;
    }
  }
}

function LinkLength({ length }: { length: number }) {
  const n = length.toLocaleString('en-US');
  const safe = LINK_SAFE_CHARS.toLocaleString('en-US');
  if (length <= LINK_SAFE_CHARS) {
    return (
      <p className="sh-len small" data-testid="share-length" data-length={length} data-fits="true">
        <span className="sh-len-ok">{n} characters</span> <span className="muted">· within the {safe} that chat clients, mail and issue trackers keep intact</span>
      </p>
    );
  }
  const tooLong = length > LINK_COMPATIBLE_CHARS;
  return (
    <p className="sh-len small" data-testid="share-length" data-length={length} data-fits="false">
      <span className="sh-len-warn">{n} characters</span>{' '}
      <span className="muted">
        · over the {safe} that chat clients, mail and issue trackers keep intact
        {tooLong ? `, and over the ${LINK_COMPATIBLE_CHARS.toLocaleString('en-US')} some servers and logs accept` : ''}. Browsers open it, but it may be cut on the way: the scenario file is safer.
      </span>
    </p>
  );
}

function EmbedSection({ fragment, base, title }: { fragment: string; base: string; title: string | undefined }) {
  const [w, setW] = useState(String(DEFAULT_FRAME.width));
  const [h, setH] = useState(String(DEFAULT_FRAME.height));
  const [theme, setTheme] = useState<Theme | 'auto'>('auto');
  const size = { width: frameDimension(w, DEFAULT_FRAME.width), height: frameDimension(h, DEFAULT_FRAME.height) };
  const url = embedUrl(base, fragment, theme === 'auto' ? null : theme);
  const snippet = iframeSnippet(url, size, title);
  const snippetId = useId();
  return (
    <section className="sh-section" aria-label="Embed">
      <h3 className="sh-h">
        <label htmlFor={snippetId}>Embed</label>
      </h3>
      <p className="small muted">A read-only explorer with the stepper, for slides and blog posts. It opens at this step and view; its “open in the explorer” link leads here.</p>
      <div className="sh-row sh-size">
        <label>
          Width
          <input type="number" min={FRAME_MIN} max={FRAME_MAX} step={10} value={w} onChange={(e) => setW(e.currentTarget.value)} data-testid="embed-width" />
        </label>
        <span className="muted" aria-hidden="true">×</span>
        <label>
          Height
          <input type="number" min={FRAME_MIN} max={FRAME_MAX} step={10} value={h} onChange={(e) => setH(e.currentTarget.value)} data-testid="embed-height" />
        </label>
        <label>
          Theme
          <select value={theme} onChange={(e) => setTheme(e.currentTarget.value as Theme | 'auto')} data-testid="embed-theme">
            <option value="auto">the viewer’s</option>
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>
        </label>
      </div>
      <div className="sh-row">
        <textarea id={snippetId} className="sh-snippet mono" readOnly value={snippet} rows={3} data-testid="embed-snippet" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={snippet} testId="share-copy-embed" label="Copy snippet" />
      </div>
      <p className="small">
        <a href={url} target="_blank" rel="noopener noreferrer" data-testid="embed-preview">
          Preview the embed
        </a>
      </p>
    </section>
  );
}

function CopyButton({ text, testId, label }: { text: string; testId: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button type="button" className="btn sh-copy" data-testid={testId} data-state={state} onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}>
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : label}</span>
    </button>
  );
}
