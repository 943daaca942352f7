/**
 * Runs a real client program (python3, curl, fetchmail, openssl) with a deadline, and fails
 * loudly, naming the Debian package, when it is not installed: CI installs these, so a missing
 * one is a broken machine, never a reason to skip.
 */
import { spawn, spawnSync } from 'node:child_process';

export function requireTool(command: string, debianPackage: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(
      `"${command}" is not installed; install the Debian package "${debianPackage}" (apt-get install ${debianPackage})`,
    );
  }
}

export interface ToolResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export function runTool(
  command: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${command} did not finish in ${options.timeoutMs ?? 15_000} ms; stderr: ${err}`),
      );
    }, options.timeoutMs ?? 15_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err });
    });
    // A tool may exit before it reads its input (EPIPE): its exit code and output say what
    // happened, so the broken pipe is no error of its own.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
