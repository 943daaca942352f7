/** Memory figures of a process from /proc, in KiB. */
import { readFile } from 'node:fs/promises';

async function field(pid: number, file: string, key: string): Promise<number | undefined> {
  const text = await readFile(`/proc/${pid}/${file}`, 'utf8').catch(() => undefined);
  const match = text?.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : undefined;
}

/** Peak resident set size since the process started (VmHWM). */
export const peakRssKb = (pid: number) => field(pid, 'status', 'VmHWM');
export const rssKb = (pid: number) => field(pid, 'status', 'VmRSS');
export const pssKb = (pid: number) => field(pid, 'smaps_rollup', 'Pss');
