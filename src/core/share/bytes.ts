// The byte layer of a v1 link body: LEB128 varints, 64-bit values exact through bigint (with
// their trailing zero hex digits counted rather than written), and length-prefixed UTF-8 strings. The reader bounds-checks every read and throws BodyError with
// the byte offset; the link decoder turns that into a "corrupted" message.

import { strFromU8, strToU8 } from 'fflate';
import { U64_MAX } from '../u64';

export class BodyError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }

  /** Unsigned LEB128 of a small non-negative integer (a count, an index, a 32-bit int). */
  uint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`uint: ${n} is not a non-negative safe integer`);
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }

  /**
   * A u64 as the LEB128 varint of (x >> 4t) << 4 | t, where t (0..15) counts x's trailing zero
   * hex digits: addresses and sizes are page-aligned or round, so 0x1000 takes one byte and
   * 0x7f0000000000 two, instead of two and seven. At most 10 bytes.
   */
  u64(x: bigint): void {
    if (x < 0n || x > U64_MAX) throw new RangeError(`u64: ${x} is out of range`);
    let t = 0n;
    while (t < 15n && x !== 0n && (x & ((1n << (4n * (t + 1n))) - 1n)) === 0n) t++;
    let v = ((x >> (4n * t)) << 4n) | t;
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  str(s: string): void {
    const u = strToU8(s);
    this.uint(u.length);
    this.room(u.length);
    this.buf.set(u, this.len);
    this.len += u.length;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

export class ByteReader {
  private at = 0;

  constructor(private readonly buf: Uint8Array) {}

  get offset(): number {
    return this.at;
  }

  get remaining(): number {
    return this.buf.length - this.at;
  }

  get done(): boolean {
    return this.at >= this.buf.length;
  }

  byte(): number {
    if (this.at >= this.buf.length) throw new BodyError('the body ends in the middle of a value', this.at);
    return this.buf[this.at++]!;
  }

  /** A varint that must fit `max` (default: 2^32 - 1, the largest count or int a body holds). */
  uint(max = 0xffffffff): number {
    const start = this.at;
    let n = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (i >= 6) throw new BodyError('a number in the body is too long', start);
      const b = this.byte();
      n += (b & 0x7f) * scale;
      scale *= 0x80;
      if ((b & 0x80) === 0) break;
    }
    if (n > max) throw new BodyError(`a number in the body is ${n}, more than ${max}`, start);
    return n;
  }

  u64(): bigint {
    const start = this.at;
    let v = 0n;
    let shift = 0n;
    for (let i = 0; ; i++) {
      if (i >= 10) throw new BodyError('a 64-bit value in the body is too long', start);
      const b = this.byte();
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) break;
    }
    const x = (v >> 4n) << (4n * (v & 15n));
    if (x > U64_MAX) throw new BodyError('a 64-bit value in the body does not fit in 64 bits', start);
    return x;
  }

  str(): string {
    const start = this.at;
    const n = this.uint();
    if (n > this.buf.length - this.at) throw new BodyError(`a string of ${n} bytes runs past the end of the body`, start);
    const s = strFromU8(this.buf.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }
}
