import { defineConfig } from 'vitest/config';

/** `npm run bench`: benchmarks only, one file at a time (they measure CPU and must not compete). */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
