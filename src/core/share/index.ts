// Sharing scenarios: links (the URL fragment) and files. Pure: runs in the UI, the worker and Node.
//
// Opening a link (page load, hashchange, a pasted link):
//   const r = decodeLink(location.hash);
//   if (r.ok) open r.text (canonical file text, macros as written) at r.step, then apply
//     r.selection and r.view; show r.warnings (dropped or clamped parts) without blocking.
//   else show r.message (what is wrong, a sentence starting "The link ...") and r.where, and keep
//     the current work; r.kind tells which problem it is, r.issues lists the parser's issues.
// Keeping the address bar current (debounce: browsers throttle history.replaceState):
//   const p = prepareScenario(text);          // once per scenario text; throws LinkEncodeError
//   history.replaceState(null, '', encodeLink({ scenario: p, step, selection, view }));
//   A link longer than LINK_SAFE_CHARS may not survive chat clients; encodeLink throws
//   LinkEncodeError (reason 'too-large') when no browser could reopen it: offer the file instead.
// Saving a file: scenarioToFileText(parsed) or canonicalText(text).

export { decodeLink, encodeLink, LinkEncodeError, LINK_COMPATIBLE_CHARS, LINK_SAFE_CHARS, PreparedScenario, prepareScenario } from './link';
export type { LinkDecoded, LinkOpened, LinkState } from './link';
export type { LinkErrorKind, LinkFailure } from './errors';
export type { LinkSelection, LinkView, LinkViewMode, LinkWarning } from './state';
export { DEFAULT_VIEW, LINK_VIEW_MODES } from './state';
export { canonicalText, scenarioToFileText } from './canonical';
export type { ScenarioDoc } from './canonical';
export { LINK_VERSION, MAX_LINK_BODY_BYTES, MAX_LINK_CHARS } from './versions';
