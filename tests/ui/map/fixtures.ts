// Synthetic address spaces for the map's pure tests (no DOM, no worker).

import type { AddressSpaceView, RangeKind, RangeSet } from '../../../src/core/view/types';

export function set(kind: RangeKind, ranges: readonly (readonly [bigint, bigint])[], extra: { backing?: bigint[]; label?: string[] } = {}): RangeSet {
  return {
    kind,
    first: BigUint64Array.from(ranges.map((r) => r[0])),
    last: BigUint64Array.from(ranges.map((r) => r[1])),
    ...(extra.backing ? { backing: BigUint64Array.from(extra.backing) } : {}),
    ...(extra.label ? { label: extra.label } : {}),
  };
}

export function space(id: string, layers: RangeSet[], extent: [bigint, bigint] = [0n, (1n << 48n) - 1n]): AddressSpaceView {
  return { id, kind: 'ioas', title: id, node: id, extent: { first: extent[0], last: extent[1] }, layers, walkable: true };
}

/** n mappings of `size` bytes every `stride` bytes from `base`. */
export function mappings(n: number, base: bigint, size: bigint, stride: bigint): RangeSet {
  const first = new BigUint64Array(n);
  const last = new BigUint64Array(n);
  for (let i = 0; i < n; i++) {
    first[i] = base + BigInt(i) * stride;
    last[i] = base + BigInt(i) * stride + size - 1n;
  }
  return { kind: 'mapping', first, last };
}
