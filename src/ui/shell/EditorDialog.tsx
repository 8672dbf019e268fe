// The scenario editor in a dialog over the workspace (opened with the Edit button). An applied
// edit loads only when it is a valid scenario (the store's applyEdit); the last valid one
// stays otherwise. Stepping keys are off while it is open. Closing is the editor's own (its
// Close button and Escape ask before dropping unapplied changes); an Escape that reaches the
// page from outside the editor goes through that same button.

import { lazy, Suspense, useEffect, useRef } from 'react';
import type { ApplyResult } from '../editor/ScenarioEditor';

// The editor (its forms, the op table and the scenario parser with valibot) is its own chunk,
// fetched when the dialog first opens: it is not needed to explore, and it weighed about 30 kB
// gzipped in the first page load (bench/browser: startup_js_gzip_kb).
const ScenarioEditor = lazy(() => import('../editor/ScenarioEditor').then((m) => ({ default: m.ScenarioEditor })));
import { useExplorer, useExplorerStore } from '../StoreContext';

export function EditorDialog() {
  const store = useExplorerStore();
  const open = useExplorer((s) => s.editorOpen);
  const text = useExplorer((s) => s.current?.text ?? null);
  const cursor = useExplorer((s) => s.cursor);
  const box = useRef<HTMLDivElement>(null);
  const close = (): void => store.getState().setEditorOpen(false);

  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    box.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const own = box.current?.querySelector<HTMLButtonElement>('[data-testid="close-editor"]');
      if (own) own.click();
      else close();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      opener?.focus();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- close only reads the store
  }, [open]);

  if (!open || text === null) return null;
  return (
    <div className="dialog-backdrop">
      <div ref={box} className="dialog" role="dialog" aria-modal="true" aria-label="Edit the scenario" tabIndex={-1} data-testid="editor-dialog">
        <div className="dialog-body">
          <Suspense fallback={<p className="muted small" data-testid="editor-loading">Opening the editor…</p>}>
            <ScenarioEditor text={text} cursor={cursor} onApply={(t): Promise<ApplyResult> => store.getState().applyEdit(t)} onClose={close} />
          </Suspense>
        </div>
      </div>
    </div>
  );
}
