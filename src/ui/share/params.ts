// What the page address says, and the addresses the share dialog hands out. Pure (no `window`):
// callers pass `location.search` / `location.hash` / the page's base, so tests need no DOM.
//
//   ?src=<url>     a scenario file to fetch (hooks/useLocationSource.ts)
//   #s=1.<data>    a scenario link: scenario, step, selection, view (src/core/share)
//   ?embed=1       the read-only embed (share/embed/EmbedApp.tsx); never rewrites its address
//   ?theme=dark    (embed only) the theme, for slides; the full page keeps the user's choice
//
// When a page has both ?src= and a link, the link wins: it is the more specific state (the step,
// the selection, the view, and the scenario exactly as it was shared, even if the file at src
// changed since). ?src= then stays in the address as where the scenario came from.

import type { Theme } from '../../state/theme';

/** A fragment that holds a scenario link part ("s=" or "json="), whatever its validity. */
export function hasScenarioLink(hash: string): boolean {
  const frag = hash.startsWith('#') ? hash.slice(1) : hash;
  return frag.split('&').some((p) => p === 's' || p === 'json' || p.startsWith('s=') || p.startsWith('json='));
}

/** The embed view: `?embed=1` exactly (other values are not an embed, so nothing surprising). */
export function isEmbedSearch(search: string): boolean {
  return new URLSearchParams(search).get('embed') === '1';
}

/** `?src=` of the address, or null. */
export function srcOf(search: string): string | null {
  const s = new URLSearchParams(search).get('src');
  return s && s.trim() ? s : null;
}

/** `?theme=` of an embed address, when it names a theme. */
export function themeOf(search: string): Theme | null {
  const t = new URLSearchParams(search).get('theme');
  return t === 'dark' || t === 'light' ? t : null;
}

/** The page's address without query or fragment ("https://host/app/"). */
export function pageBase(href: string): string {
  const u = new URL(href);
  return u.origin + u.pathname;
}

/**
 * The page's address for a shared link: without ?src= (the fragment holds the scenario) and
 * without the embed's parameters, but with the parameters of other modes on screen (a tour,
 * compare), which reopen with it.
 */
export function shareBase(href: string): string {
  const u = new URL(href);
  for (const k of ['src', 'embed', 'theme']) u.searchParams.delete(k);
  const q = u.searchParams.toString();
  return u.origin + u.pathname + (q ? `?${q}` : '');
}

/** The link to share: the page and the fragment. */
export function shareUrl(base: string, fragment: string): string {
  return base + fragment;
}

/** The embed's address: the same fragment with ?embed=1 (and the theme when one is asked for). */
export function embedUrl(base: string, fragment: string, theme: Theme | null = null): string {
  return `${base}?embed=1${theme ? `&theme=${theme}` : ''}${fragment}`;
}

/** The full explorer for what an embed shows: its address without embed (and without theme). */
export function explorerUrlFromEmbed(href: string, fragment: string | null): string {
  const u = new URL(href);
  u.searchParams.delete('embed');
  u.searchParams.delete('theme');
  const q = u.searchParams.toString();
  return u.origin + u.pathname + (q ? `?${q}` : '') + (fragment ?? u.hash);
}

export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_FRAME: FrameSize = { width: 960, height: 540 };
export const FRAME_MIN = 200;
export const FRAME_MAX = 4000;

/** A size typed in the dialog, as a whole number of pixels within [FRAME_MIN, FRAME_MAX]. */
export function frameDimension(text: string, fallback: number): number {
  const n = Number.parseInt(text, 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.max(FRAME_MIN, Math.min(FRAME_MAX, n));
}

/**
 * Escapes text for an HTML attribute value in double quotes. The snippet is pasted into other
 * people's pages: a scenario title must never become markup there.
 */
export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The `<iframe>` snippet for a blog post or slides. */
export function iframeSnippet(url: string, size: FrameSize, title: string | undefined): string {
  const name = title ? `iova-atlas: ${title}` : 'iova-atlas';
  return `<iframe src="${escapeAttr(url)}" width="${size.width}" height="${size.height}" title="${escapeAttr(name)}" style="border: 1px solid #c9cfd9; border-radius: 4px" loading="lazy"></iframe>`;
}
