// base64url (RFC 4648 §5) without padding: the alphabet that survives a URL fragment, chat
// clients and issue trackers unescaped. Written here because the core sees no DOM (no atob/btoa),
// and because a decoder of untrusted links must say WHERE a bad character is.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

export type Base64Result =
  | { readonly ok: true; readonly bytes: Uint8Array }
  /** `index` is the offending character's index in the input string. */
  | { readonly ok: false; readonly reason: 'length' | 'character'; readonly index: number; readonly message: string };

/**
 * Decodes unpadded base64url. Trailing '=' padding is tolerated (hand-made links); '+' and '/'
 * (plain base64) are refused with their position, since a link never contains them.
 */
export function fromBase64Url(text: string): Base64Result {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d /* = */ && text.length - end < 2) end--;
  if (end % 4 === 1) {
    return { ok: false, reason: 'length', index: end - 1, message: `${end} characters, which cannot encode whole bytes (one too many or too few)` };
  }
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? VALUE[c]! : -1;
    if (v < 0) return { ok: false, reason: 'character', index: i, message: `${describeChar(text, i)} is not a base64url character (A-Z a-z 0-9 - _): character ${i + 1}` };
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  return { ok: true, bytes: out };
}

function describeChar(text: string, i: number): string {
  const cp = text.codePointAt(i)!;
  if (cp >= 0x21 && cp < 0x7f) return `"${String.fromCodePoint(cp)}"`;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
