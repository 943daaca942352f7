#!/usr/bin/env node
// `npm start`: the sandbox page (Vite dev server) and the POP3 server on the embedded samples,
// side by side. Ctrl-C stops both and waits for them to exit.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(join(root, 'apps/sandbox/package.json'));
const viteBin = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js');
const host = process.env.HOST ?? '127.0.0.1';

const children = [
  spawn(process.execPath, [viteBin, '--host', host, '--port', process.env.SANDBOX_PORT ?? '5173'], {
    cwd: join(root, 'apps/sandbox'),
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    stdio: ['ignore', 'inherit', 'inherit'],
  }),
  // The server runs as a program: its first line carries its Node options.
  spawn(
    join(root, 'apps/server/bin/pop3-lab-server.mjs'),
    ['--host', host, ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  ),
];

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

let failed = false;
await Promise.all(
  children.map(
    (child) =>
      new Promise((resolve) =>
        child.on('exit', (code, signal) => {
          if (!stopping && code !== 0) {
            failed = true;
            console.error(
              `a process stopped unexpectedly (code ${code ?? signal}); stopping the other`,
            );
          }
          stop('SIGTERM');
          resolve();
        }),
      ),
  ),
);
process.exit(failed ? 1 : 0);
