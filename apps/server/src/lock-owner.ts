/**
 * Who holds a maildrop lock, written into the lock file: `pop3-lab.<pid>@<host>`. When the
 * server crashed and left a lock behind, a server on the same machine sees that the process is
 * gone and takes the lock at once, instead of waiting for it to go stale.
 */
import { hostname } from 'node:os';

export function lockOwnerName(pid: number = process.pid, host: string = hostname()): string {
  const safeHost = host.replace(/[^\x21-\x7e]/g, '_').slice(0, 60) || 'localhost';
  return `pop3-lab.${pid}@${safeHost}`;
}

export function parseLockOwner(owner: string): { pid: number; host: string } | undefined {
  const match = /^pop3-lab\.(\d+)@(.+)$/.exec(owner);
  if (!match) return undefined;
  return { pid: Number(match[1]), host: match[2] as string };
}

/**
 * true/false for a lock written by a pop3-lab server on this machine; undefined (go by the
 * lock's age) for anything else — another host, another program.
 */
export function isLockOwnerAlive(
  owner: string,
  thisHost: string = lockOwnerName(0).split('@')[1] as string,
  processExists: (pid: number) => boolean = pidExists,
): boolean | undefined {
  const parsed = parseLockOwner(owner);
  if (!parsed || parsed.host !== thisHost) return undefined;
  return processExists(parsed.pid);
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}
