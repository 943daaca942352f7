import { describe, expect, it } from 'vitest';
import { runTool } from './support/run-tool';

describe('runTool (the real-client tests’ runner)', () => {
  it('reports a tool that exits without reading its input, with no broken-pipe error', async () => {
    // 4 MiB is more than any pipe buffers: `true` exits first and the write fails with EPIPE.
    const result = await runTool('true', [], { input: 'x'.repeat(4 * 1024 * 1024) });
    expect(result.code).toBe(0);
  });
});
