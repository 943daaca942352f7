// Tests of the benchmark's own logic (statistics, targets, report, parsing): `npx vitest run`
// in bench/. They start no server.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 20_000 },
});
