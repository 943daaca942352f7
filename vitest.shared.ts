// Shared vitest settings: every workspace writes a JSON report beside its package.json,
// which scripts/test-all.mjs adds up into the closing "N passed, M failed" line.
import { defineConfig, type ViteUserConfig } from 'vitest/config';

export function workspaceTestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results.json' },
      testTimeout: 20_000,
      hookTimeout: 30_000,
      ...overrides,
    },
  });
}
