// File names of what the explorer saves: the scenario as "<title>.json", exports as
// "<title>-step<k>-map.svg". Built from the scenario's title (or its origin when it has none),
// reduced to characters every file system and mail client accepts.

/** Longest base name kept from a title; long titles are cut at a word. */
const MAX_BASE = 60;

/** "IOAS_COPY: one destination area per source slice" -> "ioas-copy-one-destination-area-per-source". */
export function fileBase(title: string | undefined | null, fallback = 'scenario'): string {
  const words = (title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > MAX_BASE) {
      if (!out) out = w.slice(0, MAX_BASE);
      break;
    }
    out = next;
  }
  return out || fallback;
}

/**
 * What to name files of a scenario after: its title, else the file or address it came from
 * ("example basics.json" -> "basics", "https://x/y/z.json" -> "z").
 */
export function nameSource(title: string | undefined, origin: string): string {
  if (title && title.trim()) return title;
  const path = origin.replace(/^(edited |file |example )+/, '').replace(/[?#].*$/, '');
  const last = path.split(/[/\\]/).filter(Boolean).pop() ?? '';
  return last.replace(/\.(json|svg)$/i, '');
}

/** The scenario file: "<title>.json". */
export function scenarioFileName(title: string | undefined | null): string {
  return `${fileBase(title)}.json`;
}

export type ExportView = 'map' | 'graph';
export type ExportFormat = 'svg' | 'png';

/**
 * "<title>-step7-map.svg"; the machine before the first step (step -1) is "-before-step0-",
 * not "-step-1-", which would read as step 1.
 */
export function exportFileName(title: string | undefined | null, step: number, view: ExportView, format: ExportFormat): string {
  const at = step < 0 ? 'before-step0' : `step${step}`;
  return `${fileBase(title)}-${at}-${view}.${format}`;
}
