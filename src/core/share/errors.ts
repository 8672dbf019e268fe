// Why a link does not open, in words a user can act on, and where the problem is.

import type { ScenarioIssue } from '../scenario/types';

export type LinkErrorKind =
  /** No fragment at all. */
  | 'empty'
  /** A fragment without a scenario part (#s=... or #json=...). */
  | 'not-a-link'
  /** A character outside base64url in the payload. */
  | 'bad-characters'
  /** The payload stops early (cut when copied, or by a length limit). */
  | 'truncated'
  /** The payload is altered: its checksum, its deflate stream or its body is wrong. */
  | 'corrupted'
  /** Longer than a link may be, or inflates past the size cap. */
  | 'too-large'
  /** Made by a newer iova-atlas. */
  | 'newer-version'
  /** A version marker this build never wrote. */
  | 'unknown-version'
  /** The payload is intact but the scenario in it does not validate. */
  | 'invalid-scenario';

export interface LinkFailure {
  readonly ok: false;
  readonly kind: LinkErrorKind;
  /** One or two sentences for the user, starting with "The link". */
  readonly message: string;
  /** Where: "link", "link, character 57", "link body, byte 120", or a scenario path "steps[4].iova". */
  readonly where: string;
  /** For 'invalid-scenario': every issue the parser found (the message names the first). */
  readonly issues?: readonly ScenarioIssue[];
}

export function linkFailure(kind: LinkErrorKind, message: string, where = 'link', issues?: readonly ScenarioIssue[]): LinkFailure {
  return issues ? { ok: false, kind, message, where, issues } : { ok: false, kind, message, where };
}
