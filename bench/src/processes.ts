/**
 * Child processes with a time limit each. Every child started here is remembered until it
 * exits, so that an interrupted run can stop them all (by pid, never by name).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Killed (SIGTERM, then SIGKILL 5 s later) when it runs longer. */
  readonly timeoutMs: number;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

const running = new Set<ChildProcess>();

export function run(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    // A daemon it started (Dovecot's master) can inherit its pipes and keep them open for
    // good: once the child has exited, wait a moment for the rest of its output, no more.
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killer);
      running.delete(child);
      const finish = () => resolve({ code, signal, stdout, stderr, timedOut });
      if (child.stdout.closed && child.stderr.closed) return finish();
      const grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 500);
      child.on('close', () => {
        clearTimeout(grace);
        finish();
      });
    });
  });
}

export class CommandError extends Error {
  override name = 'CommandError';
}

/** Runs and returns stdout; a non-zero exit becomes an error quoting the end of stderr. */
export async function runChecked(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const why = result.timedOut
      ? `timed out after ${Math.round(options.timeoutMs / 1000)} s`
      : result.signal
        ? `killed by ${result.signal}`
        : `exit status ${result.code}`;
    const tail = lastLines(result.stderr || result.stdout, 8);
    throw new CommandError(`${[command, ...args].join(' ')}: ${why}${tail ? `\n${tail}` : ''}`);
  }
  return result.stdout;
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Stops every child still running (an interrupted run). */
export function stopChildren(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
}

/** Resolves when the process with this pid is gone, or false after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await sleep(50);
  }
  return !alive(pid);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
