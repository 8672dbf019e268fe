// Validating the draft as the user types, with the parser the worker uses (parseScenarioText),
// so the editor and the explorer never disagree on what is valid. Small drafts are checked at
// React's deferred priority (typing stays responsive); large ones after a pause in typing.

import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { parseScenarioText } from '../../core/scenario/parse';
import type { ParseResult } from '../../core/scenario/types';

/** Above this size a check takes long enough (tens of ms) to wait for a pause in typing. */
const LARGE = 256 * 1024;
const PAUSE_MS = 400;

export interface Validation {
  readonly result: ParseResult;
  /** The text the result is for (it lags the draft by a moment). */
  readonly text: string;
  readonly pending: boolean;
}

export function useValidation(text: string): Validation {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    if (text.length <= LARGE) {
      setSettled(text);
      return;
    }
    const t = setTimeout(() => setSettled(text), PAUSE_MS);
    return () => clearTimeout(t);
  }, [text]);
  const checked = useDeferredValue(text.length <= LARGE ? text : settled);
  const result = useMemo(() => parseScenarioText(checked), [checked]);
  return { result, text: checked, pending: checked !== text };
}
