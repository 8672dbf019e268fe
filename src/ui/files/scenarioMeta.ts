// The scenario inside an exported SVG: a <metadata> element holding the canonical scenario JSON,
// the step shown, the selection and view, and the share link when the scenario fits in one.
// Dropping the SVG back onto the explorer reopens it there (openDropped.ts).
//
//   <metadata id="iova-atlas-scenario">
//     <ia:scenario xmlns:ia="urn:iova-atlas:svg-export:1" format="iova-atlas.scenario" step="7"
//                  state="{...selection and view as JSON...}" link="#s=1....">
//       { canonical scenario JSON, XML-escaped }
//     </ia:scenario>
//   </metadata>
//
// The JSON is the full text, not only the link: a large scenario has no link, and an editor
// that rewrites the SVG (Inkscape keeps foreign metadata) cannot break a checksum it never saw.

import type { Selection } from '../../state/selection';
import { NO_SELECTION } from '../../state/selection';
import type { ViewMode, WalkTarget } from '../../state/store';
import { VIEW_MODES } from '../../state/store';
import { selectionFromJson, selectionToJson, walkFromJson } from '../../state/autosave';
import { xmlAttr, xmlText } from './xml';

export const EXPORT_NS = 'urn:iova-atlas:svg-export:1';

export interface EmbeddedScenario {
  /** Canonical scenario file text. */
  readonly text: string;
  /** The step shown: -1 (before the first step) or a step index. */
  readonly step: number;
  readonly selection: Selection;
  readonly viewMode: ViewMode;
  /** The map's window, when the map was not following the content. */
  readonly map: { readonly start: bigint; readonly span: bigint } | null;
  /** The page walk's target. */
  readonly walk: WalkTarget | null;
  /** The share link fragment ("#s=1..."), when the scenario fits in one. */
  readonly link: string | null;
}

/** The <metadata> element for an export. */
export function scenarioMetadata(e: EmbeddedScenario): string {
  const state = JSON.stringify({
    selection: selectionToJson(e.selection),
    view: { mode: e.viewMode, ...(e.map ? { map: { start: hex(e.map.start), span: hex(e.map.span) } } : {}) },
    walk: e.walk ? { space: e.walk.space, iova: hex(e.walk.iova) } : null,
  });
  const link = e.link ? ` link="${xmlAttr(e.link)}"` : '';
  return (
    `<metadata id="iova-atlas-scenario">` +
    `<ia:scenario xmlns:ia="${EXPORT_NS}" format="iova-atlas.scenario" step="${e.step}" state="${xmlAttr(state)}"${link}>` +
    xmlText(e.text) +
    `</ia:scenario></metadata>`
  );
}

export type ReadEmbedded = { readonly ok: true; readonly scenario: EmbeddedScenario } | { readonly ok: false; readonly message: string };

/**
 * The scenario inside SVG text, read with the browser's XML parser (never inserted into the
 * page: an SVG's scripts do not run). `parse` is injectable for tests.
 */
export function readEmbeddedScenario(svgText: string, parse: (text: string) => Document = parseXml): ReadEmbedded {
  let doc: Document;
  try {
    doc = parse(svgText);
  } catch (e) {
    return { ok: false, message: `it is not readable SVG (${e instanceof Error ? e.message : String(e)})` };
  }
  if (doc.getElementsByTagName('parsererror').length > 0) return { ok: false, message: 'it is not well-formed SVG (XML)' };
  const el = doc.getElementsByTagNameNS(EXPORT_NS, 'scenario')[0];
  if (!el) return { ok: false, message: 'this SVG carries no scenario (only SVG files exported by iova-atlas do)' };
  const text = el.textContent ?? '';
  if (text.trim() === '') return { ok: false, message: 'the scenario inside this SVG is empty' };
  const stepAttr = el.getAttribute('step') ?? '';
  const step = /^-?\d{1,9}$/.test(stepAttr) ? Math.max(-1, Number(stepAttr)) : Number.MAX_SAFE_INTEGER;
  // The state is a convenience: when damaged, the scenario still opens at its step.
  let selection: Selection = NO_SELECTION;
  let viewMode: ViewMode = 'split';
  let map: EmbeddedScenario['map'] = null;
  let walk: WalkTarget | null = null;
  try {
    const st = JSON.parse(el.getAttribute('state') ?? 'null') as { selection?: unknown; walk?: unknown; view?: { mode?: unknown; map?: { start?: unknown; span?: unknown } } } | null;
    selection = selectionFromJson(st?.selection);
    walk = walkFromJson(st?.walk);
    if ((VIEW_MODES as readonly unknown[]).includes(st?.view?.mode)) viewMode = st!.view!.mode as ViewMode;
    const m = st?.view?.map;
    if (m && typeof m.start === 'string' && typeof m.span === 'string' && /^0x[0-9a-f]{1,16}$/.test(m.start) && /^0x[0-9a-f]{1,17}$/.test(m.span)) {
      map = { start: BigInt(m.start), span: BigInt(m.span) };
    }
  } catch {
    // Keep the defaults.
  }
  return { ok: true, scenario: { text, step, selection, viewMode, map, walk, link: el.getAttribute('link') } };
}

function parseXml(text: string): Document {
  return new DOMParser().parseFromString(text, 'image/svg+xml');
}

function hex(x: bigint): string {
  return '0x' + x.toString(16);
}
