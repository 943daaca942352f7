// Microbenchmarks of the engine, apart from the tests: `npx vitest bench --run --config
// bench/vitest.bench.config.ts` from packages/pop3-core.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [],
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
