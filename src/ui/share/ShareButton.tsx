// "Share" in the top bar: opens the share dialog (the link, the embed snippet, the file).

import { useExplorer } from '../StoreContext';
import { useShareStore } from './ShareContext';

export function ShareButton() {
  const share = useShareStore();
  const hasScenario = useExplorer((s) => s.current !== null);
  return (
    <button
      type="button"
      className="btn"
      data-testid="share"
      disabled={!hasScenario}
      onClick={() => share.getState().setShareOpen(true)}
      title="A link to exactly what is on screen, an embed for slides and blog posts, or the scenario file"
    >
      Share…
    </button>
  );
}
