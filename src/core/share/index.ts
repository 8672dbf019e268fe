// Sharing scenarios: links (the URL fragment) and files. Pure: runs in the UI, the worker and Node.
export { decodeLink, encodeLink, LinkEncodeError, LINK_COMPATIBLE_CHARS, LINK_SAFE_CHARS, PreparedScenario, prepareScenario } from './link';
export type { LinkDecoded, LinkOpened, LinkState } from './link';
export type { LinkErrorKind, LinkFailure } from './errors';
export type { LinkSelection, LinkView, LinkViewMode, LinkWarning } from './state';
export { DEFAULT_VIEW, LINK_VIEW_MODES } from './state';
export { canonicalText, scenarioToFileText } from './canonical';
export type { ScenarioDoc } from './canonical';
export { LINK_VERSION, MAX_LINK_BODY_BYTES, MAX_LINK_CHARS } from './versions';
