/** Dovecot's POP3 through the shared ref/dovecot.sh: a private instance on loopback. */
import type { BenchServer } from './bench-server';
import type { Cleanup } from './cleanup';
import { setupEnv, toolEnv, type MailSetup } from './mail-setup';
import { DOVECOT_SCRIPT, SETUP_MAIL } from './paths';
import { freePorts } from './ports';
import { run, runChecked } from './processes';
import type { Scratch } from './scratch';

export const DOVECOT_INSTALL = 'apt-get update && apt-get install -y dovecot-core dovecot-pop3d';

/** "2.3.19.1 (9b53102964)", or undefined when Dovecot (dovecot-pop3d) is not installed. */
export async function dovecotVersion(): Promise<string | undefined> {
  const version = await run('dovecot', ['--version'], { env: toolEnv(), timeoutMs: 10_000 }).catch(
    () => undefined,
  );
  if (version === undefined || version.code !== 0) return undefined;
  // dovecot-core alone has no POP3 service.
  const pop3 = await run('sh', ['-c', 'test -x /usr/lib/dovecot/pop3'], { timeoutMs: 5000 });
  return pop3.code === 0 ? version.stdout.trim() : undefined;
}

export async function startDovecot(
  scratch: Scratch,
  cleanup: Cleanup,
  setup: MailSetup,
  login: 'default' | 'performance',
): Promise<BenchServer> {
  const dir = await scratch.dir(`dovecot-${setup.format}`);
  const port = await freePorts(2);
  const env = {
    ...setupEnv(setup),
    LOGIN_SERVICE_COUNT: login === 'default' ? '1' : '0',
    PROCESS_LIMIT: String(Math.max(2100, setup.loadUsers * 2 + 100)),
  };
  const stop = cleanup.defer(`stop Dovecot in ${dir}`, async () => {
    await run('bash', [DOVECOT_SCRIPT, 'stop', dir], { env, timeoutMs: 30_000 });
  });
  let stdout: string;
  try {
    stdout = await runChecked('bash', [DOVECOT_SCRIPT, 'start', dir, String(port)], {
      env,
      timeoutMs: 600_000,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = Number(stdout.trim().split('\n').pop());
  if (!Number.isInteger(pid) || pid <= 0) {
    await stop();
    throw new Error(`dovecot.sh printed no pid: ${stdout.slice(0, 200)}`);
  }
  return {
    name: 'dovecot',
    target: { port, pid, children: true },
    reset: async (user) => {
      await runChecked('python3', [SETUP_MAIL, 'reset', dir, user], { env, timeoutMs: 300_000 });
    },
    stop,
  };
}
