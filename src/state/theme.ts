// Light and dark themes: the choice is the user's when made (kept in localStorage), else the
// system's (prefers-color-scheme). The colours themselves are CSS variables (ui/styles.css).

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const KEY = 'iova-atlas.theme';

export function isTheme(x: unknown): x is Theme {
  return x === 'light' || x === 'dark';
}

export function initialTheme(storage: Storage | null, prefersDark: boolean): Theme {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(KEY) ?? null;
  } catch {
    // Storage can throw (disabled cookies, sandboxed frames): fall back to the system choice.
  }
  if (isTheme(saved)) return saved;
  return prefersDark ? 'dark' : 'light';
}

export function saveTheme(storage: Storage | null, t: Theme): void {
  try {
    storage?.setItem(KEY, t);
  } catch {
    // Not persisted; the choice still holds for this page.
  }
}
