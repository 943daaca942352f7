/**
 * Our server as an operator runs it: `pop3-lab-server --mail mbox:DIR --users FILE`, one Node
 * process, in its own process group (the run stops it in order, even on Ctrl-C).
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { link, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchServer } from './bench-server';
import type { Cleanup } from './cleanup';
import { setupEnv, type MailSetup } from './mail-setup';
import { SERVER_BIN, SETUP_MAIL } from './paths';
import { lastLines, runChecked, sleep, waitForExit } from './processes';
import type { Scratch } from './scratch';
import { serverCommand } from './server-command';

/** Mail laid out for our server: its --mail and --users arguments. */
export interface OurMail {
  readonly dir: string;
  readonly mail: string;
  readonly usersFile: string;
  /** Restores a user's mailbox (shared setup only). */
  reset(user: string): Promise<void>;
}

/**
 * The shared setup's layout, adapted to our flags: mbox spools are DIR/spool/<user> already;
 * Maildirs are DIR/home/<user>/Maildir, which DIR/maildirs/<user> links to.
 */
export async function layOutSharedMail(scratch: Scratch, setup: MailSetup): Promise<OurMail> {
  const dir = await scratch.dir(`ours-${setup.format}`);
  const env = setupEnv(setup);
  await runChecked('python3', [SETUP_MAIL, 'init', dir], { env, timeoutMs: 600_000 });
  const logins = (await readFile(join(dir, 'users.tsv'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'));
  const usersFile = join(dir, 'users.txt');
  await writeFile(usersFile, logins.map(([user, password]) => `${user}:${password}\n`).join(''), {
    mode: 0o600,
  });
  let mail = `mbox:${join(dir, 'spool')}`;
  if (setup.format === 'maildir') {
    const maildirs = join(dir, 'maildirs');
    await mkdir(maildirs);
    for (const user of await readdir(join(dir, 'home'))) {
      await symlink(join(dir, 'home', user, 'Maildir'), join(maildirs, user));
    }
    mail = `maildir:${maildirs}`;
  }
  return {
    dir,
    mail,
    usersFile,
    reset: async (user) => {
      await runChecked('python3', [SETUP_MAIL, 'reset', dir, user], { env, timeoutMs: 300_000 });
    },
  };
}

/** Only user big, whose mbox is a hard link to `mbox` (a 1 GB file is not copied). */
export async function layOutBigOnly(scratch: Scratch, mbox: string): Promise<OurMail> {
  const dir = await scratch.dir('ours-big');
  await mkdir(join(dir, 'spool'));
  await link(mbox, join(dir, 'spool', 'big'));
  const usersFile = join(dir, 'users.txt');
  await writeFile(usersFile, 'big:big-pw\n', { mode: 0o600 });
  return { dir, mail: `mbox:${join(dir, 'spool')}`, usersFile, reset: async () => {} };
}

export interface OurServerOptions {
  readonly maxConnections: number;
  /** Run under `node --cpu-prof`; the profile lands there when the server stops. */
  readonly cpuProfileDir?: string;
}

const LISTENING = /pop3 listening on 127\.0\.0\.1:(\d+)/;

export async function startOurServer(
  scratch: Scratch,
  cleanup: Cleanup,
  mail: OurMail,
  options: OurServerOptions,
): Promise<BenchServer> {
  const nodeOptions = options.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
    : [];
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--tls-port',
    'off',
    '--mail',
    mail.mail,
    '--users',
    mail.usersFile,
    '--max-connections',
    String(options.maxConnections),
    '--quiet',
  ];
  // Another entry point of the same server (a build under test) can stand in for the bin.
  const other = process.env.BENCH_SERVER_BIN;
  const command = other
    ? { file: process.execPath, args: [...nodeOptions, other, ...args] }
    : serverCommand(
        { path: SERVER_BIN, readSource: () => readFileSync(SERVER_BIN, 'utf8') },
        process.execPath,
        nodeOptions,
        args,
      );
  const logFile = join(mail.dir, `server-${Date.now()}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(command.file, command.args, {
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start our server');
  let exited = false;
  child.on('exit', () => (exited = true));
  const forget = await scratch.rememberPid('ours', pid);

  const stop = cleanup.defer(`stop our server (pid ${pid})`, async () => {
    if (!exited) {
      child.kill('SIGTERM');
      if (!(await waitForExit(pid, 15_000))) child.kill('SIGKILL');
      await waitForExit(pid, 5000);
    }
    await forget();
  });

  const log = () => readFile(logFile, 'utf8').catch(() => '');
  const deadline = Date.now() + 90_000;
  for (;;) {
    const port = (await log()).match(LISTENING)?.[1];
    if (port !== undefined) {
      return {
        name: 'ours',
        target: { port: Number(port), pid, children: false },
        reset: mail.reset,
        stop,
      };
    }
    if (exited || Date.now() > deadline) {
      await stop();
      const why = exited ? 'exited' : 'did not listen within 90 s';
      throw new Error(`our server ${why}:\n${lastLines(await log(), 10)}`);
    }
    await sleep(100);
  }
}
