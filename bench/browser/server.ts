// The production build the browser bench measures: `vite build` into dist/ with the project's
// own config, then `vite preview` on a fixed port, both in this process (no npx, no shell).
// The preview server also serves the bench's generated scenarios from memory under /__bench/
// (kept out of dist/ and the repo) and logs every path the browser asks for, so the bench can
// add up exactly the JavaScript a page load fetched, workers included.

import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin, PreviewServer } from 'vite';
import { build, preview } from 'vite';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const PORT = 5299;
export const BASE_URL = `http://127.0.0.1:${PORT}`;
const OUT_DIR = join(ROOT, 'dist');

export interface BenchServer {
  readonly url: string;
  /** Puts a generated file at /__bench/<name> (served from memory). */
  provide(name: string, body: string): string;
  /** Paths requested since the last call (query strings dropped), in order. */
  takeRequests(): string[];
  /** The gzip size (zlib default level, as Vite reports it) of a built file, by URL path. */
  gzipBytes(path: string): number;
  close(): Promise<void>;
}

export async function buildProduction(): Promise<number> {
  const t0 = performance.now();
  // BENCH_NO_MINIFY=1 keeps names readable in CPU profiles (the figures are then not the product's).
  const minify = process.env.BENCH_NO_MINIFY ? { minify: false } : {};
  await build({ root: ROOT, logLevel: 'error', build: { outDir: OUT_DIR, emptyOutDir: true, ...minify } });
  return performance.now() - t0;
}

export async function startPreview(): Promise<BenchServer> {
  const generated = new Map<string, string>();
  let requests: string[] = [];
  const hooks: Plugin = {
    name: 'iova-atlas-bench',
    configurePreviewServer(server) {
      // Registered before Vite's static files, so every request passes here first.
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0]!;
        requests.push(path);
        const body = generated.get(path);
        if (body === undefined) return next();
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('Cache-Control', 'no-store');
        res.end(body);
      });
    },
  };
  const server: PreviewServer = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: OUT_DIR },
    preview: { port: PORT, strictPort: true, host: '127.0.0.1', open: false },
    plugins: [hooks],
  });
  const sizes = new Map<string, number>();
  return {
    url: BASE_URL,
    provide(name, body) {
      const path = `/__bench/${name}`;
      generated.set(path, body);
      return path;
    },
    takeRequests() {
      const r = requests;
      requests = [];
      return r;
    },
    gzipBytes(path) {
      let n = sizes.get(path);
      if (n === undefined) {
        n = gzipSync(readFileSync(join(OUT_DIR, path.replace(/^\/+/, '')))).length;
        sizes.set(path, n);
      }
      return n;
    },
    close: () => server.close(),
  };
}
