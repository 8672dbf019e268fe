// "Download": the current scenario as a JSON file in canonical form (64-bit values as lowercase
// hex, keys in the contract's order), named after its title. An edited scenario saves its edits.

import { useExplorer } from '../StoreContext';
import { saveText } from './download';
import { nameSource, scenarioFileName } from './names';

export function DownloadButton() {
  const current = useExplorer((s) => s.current);
  return (
    <button
      type="button"
      className="btn"
      data-testid="download-scenario"
      disabled={!current}
      title="Save the scenario as a JSON file (canonical form: what the CLI and the explorer open)"
      onClick={() => {
        if (!current) return;
        // The canonical form needs the scenario parser: loaded on the first download, not with the page.
        void import('./exportView').then(({ canonicalOr }) =>
          saveText(canonicalOr(current.text), scenarioFileName(nameSource(current.view.title, current.origin)), 'application/json'),
        );
      }}
    >
      Download
    </button>
  );
}
