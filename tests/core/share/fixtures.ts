// Scenario builders for the link tests: realistic map/unmap runs with 64-bit hex fields, like
// the example files (seeded, so sizes are reproducible), and packers for hand-built links.

import { deflateSync, gzipSync, strToU8, zlibSync } from 'fflate';
import { toBase64Url } from '../../../src/core/share/base64url';
import { ByteWriter } from '../../../src/core/share/bytes';
import { crc32 } from '../../../src/core/share/crc32';
import { DEFLATE_DICT_V1 } from '../../../src/core/share/deflate-dict-v1';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const hx = (x: bigint): string => '0x' + x.toString(16);

/**
 * A QEMU-like type1 run on eight groups: open the container and the groups, attach them, set
 * the backend, then map guest RAM sections at increasing IOVAs (power-of-two sizes, the user
 * address following the IOVA) and unmap some of them again, until `steps` steps in all.
 */
export function mapUnmapScenario(steps: number, seed = 7): Record<string, unknown> {
  const r = rng(seed);
  const devices = Array.from({ length: 8 }, (_, i) => ({ id: `nic${i}`, bdf: `0000:0${i + 1}:00.0`, group: 20 + i }));
  const out: Record<string, unknown>[] = [{ op: 'open', path: '/dev/vfio/vfio', as: 'container' }];
  for (const d of devices) out.push({ op: 'open', path: `/dev/vfio/${d.group}`, as: `group${d.group}` });
  for (const d of devices) out.push({ op: 'VFIO_GROUP_SET_CONTAINER', fd: `group${d.group}`, container: 'container' });
  out.push({ op: 'VFIO_SET_IOMMU', fd: 'container', type: 'VFIO_TYPE1v2_IOMMU' });
  const live: [bigint, bigint][] = [];
  let end = 0x100000n;
  const hva = 0x7f3a5c000000n;
  while (out.length < steps) {
    if (live.length > 0 && r() < 0.3) {
      const [iova, size] = live.splice(Math.floor(r() * live.length), 1)[0]!;
      out.push({ op: 'VFIO_IOMMU_UNMAP_DMA', fd: 'container', iova: hx(iova), size: hx(size) });
      continue;
    }
    const size = 1n << BigInt(12 + Math.floor(r() * 10));
    const gap = r() < 0.5 ? 0n : BigInt(Math.floor(r() * 16)) << 21n;
    const iova = ((end + gap + size - 1n) / size) * size;
    end = iova + size;
    live.push([iova, size]);
    out.push({ op: 'VFIO_IOMMU_MAP_DMA', fd: 'container', iova: hx(iova), size: hx(size), vaddr: hx(hva + iova), flags: ['READ', 'WRITE'] });
  }
  return { format: 'iova-atlas.scenario', version: 1, title: `${steps} map and unmap steps on eight groups`, platform: 'x86-vtd-48', devices, steps: out };
}

/** A v1 link around any body bytes (what encodeLink does after building the body). */
export function packV1(body: Uint8Array, crc = crc32(body)): string {
  const packed = deflateSync(body, { level: 9, dictionary: DEFLATE_DICT_V1 });
  const out = new Uint8Array(4 + packed.length);
  out.set([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]);
  out.set(packed, 4);
  return `#s=1.${toBase64Url(out)}`;
}

/** A v1 body whose header, steps and state are given as JSON texts (steps carried as JSON). */
export function bodyV1(header: string, steps: readonly string[], state = '[]'): Uint8Array {
  const w = new ByteWriter();
  w.str(header);
  w.uint(steps.length);
  for (const s of steps) {
    w.uint(0);
    w.str(s);
  }
  w.str(state);
  return w.bytes();
}

/** A version 0 link (#json=) around JSON text, deflated as a hand-made link might be. */
export function packV0(json: string, format: 'raw' | 'zlib' | 'gzip' = 'raw'): string {
  const u = strToU8(json);
  const packed = format === 'raw' ? deflateSync(u) : format === 'zlib' ? zlibSync(u) : gzipSync(u);
  return `#json=${toBase64Url(packed)}`;
}
