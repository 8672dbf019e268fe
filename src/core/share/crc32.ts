// CRC-32 (IEEE 802.3, the one of zlib, gzip and PNG). A v1 link carries the CRC of its inflated
// body: raw deflate has no checksum of its own, and without one a link damaged by a chat client or
// a bad copy could inflate into a different but valid scenario and open silently.

const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
