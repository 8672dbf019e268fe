// Copy a value (exact hex) to the clipboard, by the app's one clipboard helper (files/download.ts:
// the Clipboard API, or a textarea where it is missing or refused).

import { useEffect, useState } from 'react';
import { copyText } from '../files/download';

export function CopyButton({ text, what }: { text: string; what?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 1200);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      className={`insp-copy insp-copy-${state}`}
      aria-label={`Copy ${what ?? text}`}
      title={state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : `Copy ${text}`}
      data-testid="copy"
      onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      {state === 'copied' ? (
        <span aria-live="polite">✓</span>
      ) : (
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
          <rect x="3.5" y="3.5" width="7" height="7" rx="1" fill="none" stroke="currentColor" />
          <path d="M2 8.5H1.5V1.5h7V2" fill="none" stroke="currentColor" />
        </svg>
      )}
    </button>
  );
}

/** An exact hex value with its copy button. */
export function HexValue({ value, what }: { value: bigint; what?: string }) {
  const text = '0x' + value.toString(16);
  return (
    <span className="insp-hex">
      <code>{text}</code>
      <CopyButton text={text} what={what ? `${what} ${text}` : text} />
    </span>
  );
}
