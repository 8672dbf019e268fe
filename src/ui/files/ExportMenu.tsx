// "Export": the graph or the address map at the step shown, as PNG or SVG. The SVG carries the
// scenario (drop it on the explorer to reopen this step); the PNG is for slides and chats.
// A small menu button with the menu pattern's keys: arrows move, Enter picks, Escape closes.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { GraphMemory } from '../graph/memory';
import { isEmbedSearch } from '../share/params';
import { useExplorer, useExplorerStore } from '../StoreContext';
import { saveBlob } from './download';
import type { ExportFormat, ExportView } from './names';
import './files.css';

const ITEMS: readonly { readonly view: ExportView; readonly format: ExportFormat; readonly label: string; readonly hint: string }[] = [
  { view: 'graph', format: 'svg', label: 'Graph as SVG', hint: 'vector, with the scenario inside' },
  { view: 'graph', format: 'png', label: 'Graph as PNG', hint: 'image at screen resolution' },
  { view: 'map', format: 'svg', label: 'Address map as SVG', hint: 'vector, exact hex in tooltips, scenario inside' },
  { view: 'map', format: 'png', label: 'Address map as PNG', hint: 'the map as drawn, with lane titles' },
];

export function ExportMenu() {
  // The embed (?embed=1) is a read-only picture in someone else's page: no file handling there.
  const [embed] = useState(() => isEmbedSearch(window.location.search));
  return embed ? null : <ExportMenuButton />;
}

function ExportMenuButton() {
  const store = useExplorerStore();
  const snapshot = useExplorer((s) => s.snapshot);
  // The graph's ghosts need the snapshot before this one: follow every snapshot as the graph does.
  const [memory] = useState(() => new GraphMemory());
  useMemo(() => snapshot && memory.advance(snapshot), [memory, snapshot]);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (!open) return;
    items.current[0]?.focus();
    const outside = (e: PointerEvent): void => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const run = async (view: ExportView, format: ExportFormat): Promise<void> => {
    setOpen(false);
    button.current?.focus();
    setBusy(true);
    setError(null);
    try {
      // The builders, the link codec and the parser load on the first export, not with the page.
      const { exportView } = await import('./exportView');
      const f = await exportView(store.getState(), memory, view, format);
      saveBlob(f.blob, f.name);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const list = items.current.filter((x): x is HTMLButtonElement => x !== null);
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    let next = -1;
    if (e.key === 'ArrowDown') next = (at + 1) % list.length;
    else if (e.key === 'ArrowUp') next = (at - 1 + list.length) % list.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = list.length - 1;
    else if (e.key === 'Escape' || e.key === 'Tab') {
      setOpen(false);
      if (e.key === 'Escape') {
        e.preventDefault();
        button.current?.focus();
      }
      return;
    } else return;
    e.preventDefault();
    list[next]?.focus();
  };

  return (
    <div className="files-export" ref={root}>
      <button
        ref={button}
        type="button"
        className="btn btn-small"
        data-testid="export-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={!snapshot || busy}
        title="Save the graph or the address map at this step as SVG or PNG (an SVG dropped back on the explorer reopens this step)"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {busy ? 'Exporting…' : 'Export'} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="files-menu" role="menu" aria-label="Export the view" onKeyDown={onMenuKey}>
          {ITEMS.map((it, i) => (
            <button
              key={`${it.view}-${it.format}`}
              ref={(el) => {
                items.current[i] = el;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="files-menu-item"
              data-testid={`export-${it.view}-${it.format}`}
              onClick={() => void run(it.view, it.format)}
            >
              <span>{it.label}</span>
              <span className="files-menu-hint">{it.hint}</span>
            </button>
          ))}
        </div>
      )}
      {error && (
        <span className="files-error small" role="alert" data-testid="export-error">
          Export failed: {error}{' '}
          <button type="button" className="btn btn-small btn-quiet" onClick={() => setError(null)}>
            Dismiss
          </button>
        </span>
      )}
    </div>
  );
}
