import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const SCENARIO_DIR = 'public/scenarios';
const INDEX_PATH = '/scenarios/index.json';

/**
 * The list of built-in examples, made from public/scenarios/*.json whenever it is asked for:
 * served by the dev and preview servers and written into the build. Generated rather than
 * committed, so it cannot go stale, and kept out of public/scenarios/ so that the examples
 * check (`scenario check public/scenarios/*.json`) sees only scenarios.
 */
function scenarioIndex(): Plugin {
  const serve = (_req: unknown, res: { setHeader(k: string, v: string): void; end(s: string): void }): void => {
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-cache');
    res.end(indexJson());
  };
  return {
    name: 'iova-atlas-scenario-index',
    configureServer(server) {
      server.middlewares.use(INDEX_PATH, serve);
    },
    configurePreviewServer(server) {
      server.middlewares.use(INDEX_PATH, serve);
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: INDEX_PATH.slice(1), source: indexJson() });
    },
  };
}

function indexJson(): string {
  let files: string[] = [];
  try {
    files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.json') && f !== 'index.json').sort();
  } catch {
    // No examples yet.
  }
  const examples = files.map((file) => {
    const entry: Record<string, unknown> = { file, url: `/scenarios/${file}`, title: file.replace(/\.json$/, '') };
    try {
      // Only the headline fields; validation is the app's job when the example is opened.
      const doc = JSON.parse(readFileSync(join(SCENARIO_DIR, file), 'utf8')) as Record<string, unknown>;
      if (typeof doc.title === 'string' && doc.title) entry.title = doc.title;
      if (typeof doc.description === 'string') entry.description = doc.description;
      if (typeof doc.platform === 'string') entry.platform = doc.platform;
      if (Array.isArray(doc.steps)) entry.steps = doc.steps.length;
    } catch {
      entry.description = '(this file is not valid JSON)';
    }
    return entry;
  });
  return JSON.stringify({ examples }, null, 2);
}

export default defineConfig({
  plugins: [react(), scenarioIndex()],
  // The simulator worker imports the core as ES modules.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Everything the page loads at startup in one chunk: a dozen small shared chunks (React's
    // runtime, the palette, u64, the map's lanes...) each paid a request and a gzip stream of
    // their own (bench/browser: startup_js_files, startup_js_gzip_kb). What loads later (the
    // editor, compare mode, the share dialog, exports, the inspector's views) stays split.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] } } },
  },
  server: { port: 5173 },
});
