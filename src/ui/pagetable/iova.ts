// The IOVA typed by the user: hex only (the field says so), exactly 64 bits. Parsed with
// BigInt on the digits, never through a float, so 0x0800000000000001 stays exact.

export type IovaParse = { readonly ok: true; readonly value: bigint } | { readonly ok: false; readonly error: string };

export const U64_LAST = (1n << 64n) - 1n;

/**
 * Accepts an optional 0x/0X prefix, hex digits in either case, and '_' between digits
 * (0x0800_0000_0000_0000, as the kernel documentation writes long addresses). Surrounding
 * spaces are ignored. Anything else is an error that says what is wrong.
 */
export function parseIova(text: string): IovaParse {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'Type an IOVA in hex, e.g. 0x7f0000001000.' };
  if (t.startsWith('-')) return { ok: false, error: 'An IOVA is unsigned: no minus sign.' };
  const body = /^0x/i.test(t) ? t.slice(2) : t;
  if (body === '') return { ok: false, error: 'No hex digits after 0x.' };
  if (/^_|_$|__/.test(body)) return { ok: false, error: "'_' may only separate digits." };
  const bad = /[^0-9a-fA-F_]/.exec(body);
  if (bad) {
    const ch = bad[0] === ' ' ? 'a space' : `'${bad[0]}'`;
    return { ok: false, error: `${ch} is not a hex digit (0-9, a-f).` };
  }
  const value = BigInt('0x' + body.replace(/_/g, ''));
  if (value > U64_LAST) {
    return { ok: false, error: `${'0x' + value.toString(16)} does not fit in 64 bits (the largest IOVA is 0xffffffffffffffff).` };
  }
  return { ok: true, value };
}
