/**
 * The server as a user runs it: a child process started through the bin, stopped by a signal.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineClient } from './support/line-client';
import { fixtureMessages, writeMbox } from './support/mail-fixtures';
import { runTool } from './support/run-tool';

const BIN = fileURLToPath(new URL('../bin/pop3-lab-server.mjs', import.meta.url));
const LINKED_BIN = fileURLToPath(
  new URL('../../../node_modules/.bin/pop3-lab-server', import.meta.url),
);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pop3-lab-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function runOnce(
  args: string[],
  cwd = dir,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const result = await runTool(process.execPath, [BIN, ...args], { cwd, timeoutMs: 20_000 });
  return { code: result.code, stdout: result.stdout.toString(), stderr: result.stderr };
}

/** Starts the server and waits for its "listening" lines. */
async function startChild(args: string[]): Promise<{
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  plain: number;
  tls?: number;
}> {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { cwd: dir });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const deadline = Date.now() + 20_000;
  // The logins line is the last of the start-up report (stdout may arrive in several chunks).
  while (!/^(sample logins \(user\/password\)|logins): .*\n/m.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${out} ${err}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const plain = Number(/^pop3 listening on 127\.0\.0\.1:(\d+)$/m.exec(out)?.[1]);
  const tlsMatch = /^pop3s listening on 127\.0\.0\.1:(\d+)$/m.exec(out);
  return { child, out: () => out, plain, tls: tlsMatch ? Number(tlsMatch[1]) : undefined };
}

function expectOneCleanLine(stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).toMatch(/^pop3-lab-server: /);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('pop3-lab-server (command line)', () => {
  it('answers --help through the linked bin from any directory, and through "npm run server"', async () => {
    const linked = await runTool(LINKED_BIN, ['--help'], { cwd: tmpdir(), timeoutMs: 20_000 });
    expect(linked.code).toBe(0);
    expect(linked.stdout.toString()).toMatch(/^Usage: pop3-lab-server/);
    expect(linked.stdout.toString()).toContain('--classroom');
    const npm = await runTool('npm', ['run', 'server', '--', '--help'], {
      cwd: ROOT,
      timeoutMs: 30_000,
    });
    expect(npm.code).toBe(0);
    expect(npm.stdout.toString()).toContain('Usage: pop3-lab-server');
  }, 60_000);

  it('rejects a bad option with one line on stderr and exit 2', async () => {
    const result = await runOnce(['--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown option "--bogus"');
    expectOneCleanLine(result.stderr);
  });

  it('reports a port already in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runOnce(['--port', String(port), '--tls-port', 'off']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `cannot listen on 127.0.0.1:${port}: the port is already in use`,
      );
      expectOneCleanLine(result.stderr);
    } finally {
      blocker.close();
    }
  });

  it('prints where it listens, the certificate fingerprint and the sample logins', async () => {
    const { child, out, plain, tls } = await startChild(['--tls-port', '0']);
    expect(plain).toBeGreaterThan(0);
    expect(tls).toBeGreaterThan(0);
    expect(out()).toMatch(
      /^certificate: self-signed .*SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}$/m,
    );
    expect(out()).toMatch(/^sample logins \(user\/password\): \S+\/\S+/m);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('on SIGTERM during a session: closes it without applying deletions, exits 0', async () => {
    const spool = await mkdtemp(join(dir, 'spool-'));
    await writeMbox(spool, 'ana', fixtureMessages);
    await writeFile(join(dir, 'ana-users.txt'), 'ana:ana-pw\n');
    const before = await readFile(join(spool, 'ana'));
    const { child, out, plain } = await startChild([
      '--tls-port',
      'off',
      '--mail',
      `mbox:${spool}`,
      '--users',
      'ana-users.txt',
    ]);
    const client = await LineClient.open({ port: plain });
    await client.line();
    await client.command('USER ana');
    expect(await client.command('PASS ana-pw')).toMatch(/^\+OK/);
    expect(await client.command('DELE 1')).toMatch(/^\+OK/);
    child.kill('SIGTERM');
    await client.waitClosed();
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(await readFile(join(spool, 'ana'))).toEqual(before);
    expect(out()).toMatch(/event=close .*outcome=shutdown/);
    expect(out()).not.toContain('ana-pw');
  });
});
