// A JSON value typed in a text area (expect.out, fields with no form of their own). The text is
// buffered locally: re-printing the parsed value on every keystroke would move the caret. What
// is not JSON yet is kept as a string in the draft, so the parser reports it and nothing is lost.

import { useState } from 'react';
import type { Json } from './doc';
import { jsonText, jsonValue } from './fieldValues';

export interface JsonInputProps {
  readonly id: string;
  readonly value: Json | undefined;
  readonly onChange: (v: Json | undefined) => void;
  readonly rows?: number;
  readonly describedBy?: string | undefined;
  readonly placeholder?: string;
  readonly label?: string;
}

export function JsonInput(p: JsonInputProps) {
  const [buf, setBuf] = useState(() => ({ text: jsonText(p.value), value: p.value }));
  // The value changed from outside (undo, the raw view): show it.
  const text = buf.value === p.value ? buf.text : jsonText(p.value);
  const { problem } = jsonValue(text);
  return (
    <span className="ed-json">
      <textarea
        id={p.id} className="ed-input ed-mono ed-textarea" rows={p.rows ?? 3} spellCheck={false} value={text}
        placeholder={p.placeholder} aria-label={p.label} aria-invalid={problem ? true : undefined} aria-describedby={p.describedBy}
        onChange={(e) => {
          const t = e.currentTarget.value;
          const v = jsonValue(t).value;
          setBuf({ text: t, value: v });
          p.onChange(v);
        }}
      />
      {problem && <span className="ed-error" data-testid="field-error">{problem}</span>}
    </span>
  );
}
