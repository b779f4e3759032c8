import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

/**
 * Three builds: the main process (Electron entry plus the CLI/browser-host entry, which share the
 * core), the preload (one CommonJS file: sandboxed preloads cannot load ES modules or other
 * files), and the renderer (served by Electron from disk or by the browser host over HTTP).
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      sourcemap: true,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          cli: resolve(import.meta.dirname, 'src/main/cli.ts'),
          // The model runtime's own process (child_process.fork / utilityProcess): see src/main/inference.
          inferenceHost: resolve(import.meta.dirname, 'src/main/inference/inferenceHostMain.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      sourcemap: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
