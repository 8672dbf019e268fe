// Copy a value (exact hex) to the clipboard. The Clipboard API needs a secure context and
// focus; the textarea fallback covers plain http and embedded frames.

import { useEffect, useState } from 'react';

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the old way.
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}

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
