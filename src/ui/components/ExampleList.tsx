// The built-in examples (public/scenarios/*.json, listed by /scenarios/index.json).

import { useEffect, useRef } from 'react';
import type { ExampleEntry } from '../../state/sources';
import { useExplorer, useExplorerStore } from '../StoreContext';

/** Examples grouped by the first word of their file name (type1-, spapr-, seed004-, ...). */
function groupOf(list: readonly ExampleEntry[]): [string, ExampleEntry[]][] {
  const groups = new Map<string, ExampleEntry[]>();
  for (const ex of list) {
    const key = /^([a-z]+\d*)[-_]/i.exec(ex.file)?.[1] ?? 'other';
    const g = groups.get(key);
    if (g) g.push(ex);
    else groups.set(key, [ex]);
  }
  return [...groups.entries()];
}

export function ExampleList() {
  const store = useExplorerStore();
  const examples = useExplorer((s) => s.examples);
  const activeSrc = useExplorer((s) => s.current?.src ?? null);
  const nav = useRef<HTMLElement>(null);

  // Opened from a link or the address bar: show where the example sits in the list.
  useEffect(() => {
    nav.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [activeSrc, examples]);

  return (
    <nav ref={nav} className="examples" aria-label="Built-in examples" data-testid="examples">
      <h2 className="section-title">Examples</h2>
      {examples.kind === 'loading' && <p className="muted small">Loading the list…</p>}
      {examples.kind === 'error' && <p className="muted small">The list of examples is unavailable: {examples.message}</p>}
      {examples.kind === 'ok' && examples.examples.length === 0 && (
        <p className="muted small">No built-in examples yet. Open a scenario file, or drop one on the page.</p>
      )}
      {examples.kind === 'ok' &&
        groupOf(examples.examples).map(([group, list]) => (
          <section key={group} className="example-group">
            <h3 className="example-group-title">{group}</h3>
            <ul className="example-list">
              {list.map((ex) => (
                <li key={ex.file}>
                  <button
                    type="button"
                    className={`example${ex.url === activeSrc ? ' example-active' : ''}`}
                    data-testid="example"
                    data-file={ex.file}
                    aria-current={ex.url === activeSrc ? 'true' : undefined}
                    title={ex.description ?? ex.title}
                    onClick={() => void store.getState().openUrl(ex.url)}
                  >
                    <span className="example-title">{ex.title}</span>
                    <span className="example-meta">
                      {ex.platform ?? '?'}
                      {ex.steps !== undefined ? ` · ${ex.steps} steps` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
    </nav>
  );
}
