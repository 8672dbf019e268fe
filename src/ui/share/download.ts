// Saving the scenario as a file: the share dialog's way out when no link can hold it. The file
// is the canonical form (64-bit values as lowercase hex), named from the title as the toolbar's
// Download names it (files/names.ts) and saved the same way (files/download.ts, which also
// copies to the clipboard for the dialog's links).

import { canonicalText } from '../../core/share';
import { saveText } from '../files/download';
import { scenarioFileName } from '../files/names';

export { copyText } from '../files/download';

/** "Unmap must not bisect!" -> "unmap-must-not-bisect.json" (the toolbar's rule: files/names.ts). */
export function fileNameOf(title: string | undefined): string {
  return scenarioFileName(title);
}

export function downloadScenario(text: string, title: string | undefined): void {
  const c = canonicalText(text);
  saveText(c.ok ? c.text : text, fileNameOf(title), 'application/json');
}
