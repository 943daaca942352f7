// Unit tests run in Node (no DOM); the end-to-end tests in test/e2e drive the built page in
// Debian's Chromium and take longer, so they get their own, larger time limits.
import { workspaceTestConfig } from '../../vitest.shared.ts';

export default workspaceTestConfig({
  environment: 'node',
  testTimeout: 60_000,
  hookTimeout: 180_000,
});
