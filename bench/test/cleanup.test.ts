import { describe, expect, it } from 'vitest';
import { Cleanup } from '../src/cleanup';

describe('cleanup', () => {
  it('undoes in reverse order, each step once, and goes on past a failing step', async () => {
    const cleanup = new Cleanup();
    const done: string[] = [];
    cleanup.defer('scratch', () => void done.push('remove scratch'));
    const stopServer = cleanup.defer('server', () => void done.push('stop server'));
    cleanup.defer('broken', () => {
      throw new Error('no such pid');
    });
    cleanup.defer('dovecot', async () => void done.push('stop dovecot'));

    await stopServer();
    await stopServer();
    expect(done).toEqual(['stop server']);

    const reports: string[] = [];
    await cleanup.runAll((line) => reports.push(line));
    expect(done).toEqual(['stop server', 'stop dovecot', 'remove scratch']);
    expect(reports).toEqual(['cleanup: broken: no such pid']);
    expect(cleanup.pending).toBe(0);
  });
});
