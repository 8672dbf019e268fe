// The raw JSON view: a monospace textarea (no editor dependency) with a line-number gutter that
// marks the lines with problems. The gutter is virtual (only the visible numbers are in the DOM),
// so a scenario of a hundred thousand lines scrolls as fast as a short one. Lines never wrap, so
// line N is always at (N - 1) * line height: that is how a jump scrolls to an issue.

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TextRange } from './locate';
import { lineOf } from './locate';

/** Pixels per line; must match .ed-raw-text's line-height in editor.css. */
export const LINE_HEIGHT = 18;
const PAD_TOP = 6;

export interface RawJump {
  readonly range: TextRange;
  /** Bumped on every request, so the same place can be jumped to twice. */
  readonly seq: number;
}

export interface RawEditorProps {
  readonly text: string;
  readonly onChange: (text: string) => void;
  /** Line (1-based) -> the problems on it. */
  readonly marks: ReadonlyMap<number, readonly string[]>;
  readonly jump: RawJump | null;
  readonly invalid: boolean;
}

export function RawEditor(p: RawEditorProps) {
  const ta = useRef<HTMLTextAreaElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const [caret, setCaret] = useState({ line: 1, col: 1 });
  const lines = useMemo(() => countLines(p.text), [p.text]);

  useLayoutEffect(() => {
    const el = ta.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = ta.current;
    if (!p.jump || !el) return;
    const { start, end } = p.jump.range;
    el.focus();
    el.setSelectionRange(start, end);
    const line = lineOf(p.text, start);
    el.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
    const col = start - (p.text.lastIndexOf('\n', start - 1) + 1);
    el.scrollLeft = Math.max(0, col * 7.2 - el.clientWidth / 2);
    setView({ top: el.scrollTop, height: el.clientHeight });
    setCaret({ line, col: col + 1 });
    // Only a new jump request moves the caret, not a text change.
  }, [p.jump]);

  const first = Math.max(1, Math.floor((view.top - PAD_TOP) / LINE_HEIGHT) + 1);
  const last = Math.min(lines, first + Math.ceil(view.height / LINE_HEIGHT) + 1);
  const numbers = [];
  for (let n = first; n <= last; n++) {
    const m = p.marks.get(n);
    numbers.push(
      <div
        key={n} className={m ? 'ed-gutter-line ed-gutter-bad' : 'ed-gutter-line'} style={{ top: PAD_TOP + (n - 1) * LINE_HEIGHT }}
        title={m ? m.join('\n') : undefined} data-line={n} data-bad={m ? 'true' : undefined}
      >
        {n}
      </div>,
    );
  }

  const updateCaret = () => {
    const el = ta.current;
    if (!el) return;
    const at = el.selectionStart;
    const line = lineOf(p.text, at);
    setCaret({ line, col: at - (p.text.lastIndexOf('\n', at - 1) + 1) + 1 });
  };

  return (
    <div className="ed-raw" data-testid="raw-editor">
      <div className="ed-raw-body">
        <div className="ed-gutter" aria-hidden="true" data-testid="gutter">
          <div className="ed-gutter-inner" style={{ height: PAD_TOP * 2 + lines * LINE_HEIGHT, transform: `translateY(${-view.top}px)` }}>
            {numbers}
          </div>
        </div>
        <textarea
          ref={ta} className="ed-raw-text" data-testid="raw-text" value={p.text} wrap="off" spellCheck={false} autoCapitalize="off" autoComplete="off"
          aria-label="Scenario JSON" aria-invalid={p.invalid || undefined}
          onChange={(e) => p.onChange(e.currentTarget.value)}
          onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
          onSelect={updateCaret} onKeyUp={updateCaret} onClick={updateCaret}
        />
      </div>
      <div className="ed-raw-status" data-testid="raw-status">
        <span>
          Ln {caret.line}, Col {caret.col}
        </span>
        <span>{lines} lines</span>
        <span>{formatBytes(p.text.length)}</span>
      </div>
    </div>
  );
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} characters`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} K characters`;
  return `${(n / 1024 / 1024).toFixed(2)} M characters`;
}
