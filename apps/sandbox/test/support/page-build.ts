/**
 * The built page for end-to-end tests and the measuring script: rebuilt when any input is newer
 * than dist/ (the sandbox's sources, the workspace packages it bundles), reused otherwise.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distDir = join(appDir, 'dist');
export const pagePath = join(distDir, 'index.html');
export const singleFilePath = join(distDir, 'pop3-lab.html');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

function inputsMtime(): number {
  const packages = join(appDir, '..', '..', 'packages');
  return Math.max(
    newestMtime(join(appDir, 'src')),
    newestMtime(join(appDir, 'index.html')),
    newestMtime(join(appDir, 'vite.config.ts')),
    newestMtime(join(appDir, 'package.json')),
    ...readdirSync(packages).map((name) => newestMtime(join(packages, name, 'src'))),
    // The built-in labs are bundled from their Markdown files.
    newestMtime(join(packages, 'labs', 'labs')),
  );
}

function run(args: string[]): Promise<void> {
  const require = createRequire(join(appDir, 'package.json'));
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, ...args], {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`vite ${args.join(' ')} failed (${code}):\n${output}`)),
    );
  });
}

/** Builds dist/index.html and dist/pop3-lab.html unless both are newer than every input. */
export async function ensureBuild(): Promise<void> {
  const built = Math.min(
    existsSync(pagePath) ? statSync(pagePath).mtimeMs : 0,
    existsSync(singleFilePath) ? statSync(singleFilePath).mtimeMs : 0,
  );
  if (built > inputsMtime()) return;
  await run(['build', '--logLevel', 'warn']);
  await run(['build', '--mode', 'single', '--logLevel', 'warn']);
}
