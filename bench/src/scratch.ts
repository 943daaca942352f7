/**
 * The run's scratch directory (mailboxes, server data, logs): one `mktemp -d`, removed at the
 * end. A watchdog in its own session removes it, and stops what is still running, should the
 * run be killed outright.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cleanup } from './cleanup';
import { WATCHDOG } from './paths';

export interface Scratch {
  readonly root: string;
  /** A fresh directory under the root. */
  dir(name: string): Promise<string>;
  /** Records a pid for the watchdog; returns the function that forgets it. */
  rememberPid(name: string, pid: number): Promise<() => Promise<void>>;
}

export async function makeScratch(cleanup: Cleanup): Promise<Scratch> {
  const root = await mkdtemp(join(tmpdir(), 'pop3-bench-'));
  // Dovecot's auth and mail processes run as other users and must traverse it.
  await chmod(root, 0o755);
  await mkdir(join(root, 'pids'));
  cleanup.defer(`remove ${root}`, () => rm(root, { recursive: true, force: true }));

  const watchdog = spawn('/bin/sh', [WATCHDOG, String(process.pid), root], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  // Registered after the removal, so it runs before it: the watchdog goes first.
  cleanup.defer('stop the watchdog', () => {
    if (watchdog.pid !== undefined) {
      try {
        process.kill(watchdog.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });

  let count = 0;
  return {
    root,
    async dir(name) {
      const path = join(root, `${name}-${++count}`);
      await mkdir(path, { mode: 0o755 });
      return path;
    },
    async rememberPid(name, pid) {
      const file = join(root, 'pids', `${name}-${pid}`);
      await writeFile(file, String(pid));
      return () => unlink(file).catch(() => undefined);
    },
  };
}
