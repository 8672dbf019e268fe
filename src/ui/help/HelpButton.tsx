// "Help" in the top bar (also the ? key): the shortcuts and the guide.

import { useShareStore } from '../share/ShareContext';

export function HelpButton() {
  const share = useShareStore();
  return (
    <button type="button" className="btn btn-quiet" data-testid="help" aria-keyshortcuts="?" title="Keyboard shortcuts and a short guide (?)" onClick={() => share.getState().setHelpOpen(true)}>
      Help
    </button>
  );
}
