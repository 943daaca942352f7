/**
 * `--profile`: our server under `node --cpu-prof` through churn and through bulk RETR (mbox and
 * Maildir), each on a fresh server, summarised as the functions with the most self time and the share of time
 * by area (engine, server, node internals, garbage collection).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cleanup } from './cleanup';
import { hotSpots, shareByArea, type CpuProfile } from './cpu-profile';
import type { OurMail } from './our-server';
import { startOurServer } from './our-server';
import { REPO_ROOT } from './paths';
import type { Plan } from './plan';
import { bulk, churn } from './popload';
import { table } from './report';
import type { Scratch } from './scratch';

export async function profileOurServer(
  scratch: Scratch,
  cleanup: Cleanup,
  mail: { readonly mbox: OurMail; readonly maildir: OurMail },
  popload: string,
  plan: Plan,
  log: (line: string) => void,
): Promise<string[]> {
  const lines: string[] = [];
  const workloads: {
    title: string;
    mail: OurMail;
    drive: (port: number, pid: number) => Promise<string>;
  }[] = [
    {
      mail: mail.mbox,
      title: `Churn, 16 clients, ${plan.churnSeconds} s (mbox)`,
      drive: async (port, pid) => {
        const r = await churn(popload, { port, pid, children: false }, 16, plan.churnSeconds);
        return `${r.sessions_per_s.toFixed(0)} sessions/s, server CPU ${r.server?.pct_of_one_core.toFixed(0)}% of a core`;
      },
    },
    ...(['mbox', 'maildir'] as const).map((format) => ({
      title: `Bulk RETR, 8 in flight (${format}), login and indexing included`,
      mail: mail[format],
      drive: async (port: number, pid: number) => {
        const r = await bulk(popload, { port, pid, children: false }, 8);
        return `${r.MB_per_s.toFixed(0)} MB/s after a ${(r.login_ms[0] ?? 0).toFixed(0)} ms login, server CPU ${r.server?.pct_of_one_core.toFixed(0)}% of a core`;
      },
    })),
  ];
  for (const workload of workloads) {
    const dir = await scratch.dir('profile');
    const server = await startOurServer(scratch, cleanup, workload.mail, {
      maxConnections: 200,
      cpuProfileDir: dir,
    });
    let figure: string;
    const micros = () => Number(process.hrtime.bigint() / 1000n);
    const from = micros();
    let to: number;
    try {
      figure = await workload.drive(server.target.port, server.target.pid);
      to = micros();
    } finally {
      await server.stop();
    }
    const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error('the server wrote no CPU profile');
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    log(`  profiled: ${workload.title}: ${figure}`);
    lines.push(`### ${workload.title}`, '', `${figure}.`, '');
    // Only the load: start-up (compiling TypeScript, loading modules) is left out.
    const window = { from, to };
    const areas = [...shareByArea(profile, REPO_ROOT, window).entries()]
      .slice(0, 8)
      .map(([area, share]) => `${area} ${(share * 100).toFixed(0)}%`);
    lines.push(`Time by area: ${areas.join(', ')}.`, '');
    lines.push(
      ...table(
        ['Function (self time)', 'Where', 'Share'],
        hotSpots(profile, REPO_ROOT, 15, window).map((spot) => [
          `\`${spot.name}\``,
          spot.where,
          `${(spot.share * 100).toFixed(1)}%`,
        ]),
      ),
      '',
    );
  }
  return lines;
}
