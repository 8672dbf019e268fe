// Entry point: one explorer instance (engine, store, React tree), its automation API
// (window.iovaAtlas) and its test hooks.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createExplorerStore } from './state/store';
import type { ExplorerStore } from './state/store';
import { initialTheme } from './state/theme';
import { App } from './ui/App';
import { ExplorerProvider } from './ui/StoreContext';
import { installAutomationApi } from './ui/shell/automationApi';
import { installTestApi } from './ui/testApi';
import { SimClient, spawnSimWorker } from './worker/client';
import './ui/styles.css';

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const storage = localStorageOrNull();
// The client reports status from its constructor on; the store picks it up once it exists.
let store: ExplorerStore | null = null;
const client = new SimClient({
  spawn: spawnSimWorker,
  onStatus: (s) => store?.getState().workerStatusChanged(s),
  onRecovered: (e) => store?.getState().workerRecovered(e),
});
store = createExplorerStore({
  engine: client,
  theme: initialTheme(storage, window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false),
  storage,
});
installAutomationApi(store);
installTestApi(client, store);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ExplorerProvider store={store}>
      <App />
    </ExplorerProvider>
  </StrictMode>,
);
