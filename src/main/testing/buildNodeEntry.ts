import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Inside the repository so the bundle's bare imports (onnxruntime-node, serialport, zod) resolve from its node_modules. */
const CACHE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/', import.meta.url));

/**
 * Bundles a TypeScript entry for a separate Node process, the way electron-vite builds the app
 * (dependencies external, ES module), so tests and benchmarks can fork real processes without a
 * full app build. Takes well under a second; `remove` deletes the bundle.
 */
export async function buildNodeEntry(entry: string): Promise<{ script: string; remove: () => Promise<void> }> {
  // A fresh clone has no node_modules/.cache yet.
  await mkdir(CACHE_DIR, { recursive: true });
  const outDir = await mkdtemp(join(CACHE_DIR, 'node-entry-'));
  const name = basename(entry).replace(/\.ts$/, '.mjs');
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'node24',
      rollupOptions: { output: { format: 'es', entryFileNames: name } },
    },
  });
  return { script: join(outDir, name), remove: () => rm(outDir, { recursive: true, force: true }) };
}
