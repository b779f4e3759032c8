import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ENTRY = fileURLToPath(new URL('../inferenceHostMain.ts', import.meta.url));
/** Inside the repository so the bundle's bare imports (onnxruntime-node, zod) resolve from its node_modules. */
const CACHE_DIR = fileURLToPath(new URL('../../../../node_modules/.cache/', import.meta.url));

/**
 * Bundles the inference host entry from source, the way electron-vite builds it for the app
 * (dependencies external, ES module), so tests fork the real host process without a full app
 * build. Takes well under a second; `remove` deletes the bundle.
 */
export async function buildInferenceHost(): Promise<{ script: string; remove: () => Promise<void> }> {
  // A fresh clone has no node_modules/.cache yet.
  await mkdir(CACHE_DIR, { recursive: true });
  const outDir = await mkdtemp(join(CACHE_DIR, 'inference-host-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: ENTRY,
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'node24',
      rollupOptions: { output: { format: 'es', entryFileNames: 'inferenceHost.mjs' } },
    },
  });
  return { script: join(outDir, 'inferenceHost.mjs'), remove: () => rm(outDir, { recursive: true, force: true }) };
}
