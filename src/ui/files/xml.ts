// Escaping for the SVG we write by hand. Scenario text (titles, labels, notes) is data, never
// markup: every string goes through these. Characters XML 1.0 cannot carry at all (most C0
// controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, so a hostile title cannot make the
// file unreadable.

// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text content: &, < and > escaped (">" too, so "]]>" never appears). */
export function xmlText(s: string): string {
  return s.replace(INVALID, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes: also quotes, and whitespace a parser would normalize. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** A number for coordinates: at most two decimals, no "-0", no exponent. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return '0';
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}
