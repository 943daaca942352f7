/**
 * The real server as a child process, started from its command line exactly as an operator
 * would (`--port 0`, `--mail mbox:DIR`, `--users FILE`, …), read back from its start-up lines,
 * and stopped — or killed — by its process id.
 *
 * By default the harness runs apps/server/src/main.ts bundled once per run with esbuild (the
 * compiler tsx itself uses) into a temporary directory: the same code, but a start takes a
 * fraction of a second instead of several, which matters when a suite restarts the server two
 * thousand times.
 * RELIABILITY_SERVER=bin runs apps/server/bin/pop3-lab-server.mjs through tsx instead.
 *
 * With `probe`, the process also loads probe/memory-probe.mjs and runs with --expose-gc, so
 * that `memory()` can ask for its heap after a full collection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './results';

const BIN = join(ROOT, 'apps/server/bin/pop3-lab-server.mjs');
/** Outside the checkout: generated files there would trouble the formatter and git. */
const BUILD = join(tmpdir(), 'pop3-lab-reliability');
const PROBE = join(ROOT, 'reliability/probe/memory-probe.mjs');

let entry: Promise<string> | undefined;

/** The file node runs: the bundle (built on first use) or the bin. */
export function serverEntry(): Promise<string> {
  entry ??= (async () => {
    if (process.env.RELIABILITY_SERVER === 'bin') return BIN;
    const esbuild = await import('esbuild');
    const outfile = join(BUILD, 'server.mjs');
    await mkdir(BUILD, { recursive: true });
    await esbuild.build({
      entryPoints: [join(ROOT, 'apps/server/src/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'warning',
      // Some dependencies still call require(); give the ES module one.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    return outfile;
  })();
  return entry;
}

let certificate: Promise<{ cert: string; key: string }> | undefined;

/** One certificate for the whole run, so that starts do not each generate a key. */
export function certificateFiles(): Promise<{ cert: string; key: string }> {
  certificate ??= (async () => {
    const { generateCredentials } = await import('../../apps/server/src/tls-credentials');
    const credentials = await generateCredentials();
    await mkdir(BUILD, { recursive: true });
    const cert = join(BUILD, 'cert.pem');
    const key = join(BUILD, 'key.pem');
    await writeFile(cert, credentials.certPem);
    await writeFile(key, credentials.keyPem, { mode: 0o600 });
    return { cert, key };
  })();
  return certificate;
}

export interface StartOptions {
  /** Command-line arguments after the program name. */
  readonly args: readonly string[];
  readonly probe?: boolean;
  readonly startTimeoutMs?: number;
}

export class ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  readonly tlsPort: number | undefined;
  /** The last lines of its output (logs are long; only a window is kept). */
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #memoryWaiters: ((usage: NodeJS.MemoryUsage) => void)[] = [];
  #lineWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];

  private constructor(
    child: ChildProcess,
    port: number,
    tlsPort: number | undefined,
    output: string[],
  ) {
    this.child = child;
    this.pid = child.pid!;
    this.port = port;
    this.tlsPort = tlsPort;
    this.output = output;
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  static async start(options: StartOptions): Promise<ServerProcess> {
    const entryFile = await serverEntry();
    const { cert, key } = await certificateFiles();
    const node = options.probe ? ['--expose-gc', '--import', PROBE] : [];
    const args = [...node, entryFile, '--cert', cert, '--key', key, ...options.args];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
    const output: string[] = [];
    // Lines go to the ServerProcess once it exists; until then they are only kept.
    const listener: { server?: ServerProcess } = {};
    const onLine = (line: string) => {
      output.push(line);
      if (output.length > 400) output.splice(0, 200);
      listener.server?.hear(line);
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    const ports = await new Promise<{ port: number; tlsPort: number | undefined }>(
      (resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`the server did not start in time:\n${output.join('\n')}`));
        }, options.startTimeoutMs ?? 30_000);
        let port: number | undefined;
        let tlsPort: number | undefined;
        const tlsArg = options.args.indexOf('--tls-port');
        const expectTls = tlsArg === -1 || options.args[tlsArg + 1] !== 'off';
        const check = () => {
          for (const line of output) {
            port ??= Number(/^pop3 listening on .*:(\d+)$/.exec(line)?.[1]) || undefined;
            tlsPort ??= Number(/^pop3s listening on .*:(\d+)$/.exec(line)?.[1]) || undefined;
          }
          if (port !== undefined && (tlsPort !== undefined || !expectTls)) {
            clearTimeout(timer);
            child.stdout!.off('data', onData);
            resolve({ port, tlsPort });
          }
        };
        // After readline has split the chunk into lines.
        const onData = () => setImmediate(check);
        child.stdout!.on('data', onData);
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(
            new Error(`the server exited at start (${code ?? signal}):\n${output.join('\n')}`),
          );
        });
      },
    );
    listener.server = new ServerProcess(child, ports.port, ports.tlsPort, output);
    return listener.server;
  }

  hear(line: string): void {
    if (line.startsWith('reliability-memory ')) {
      const usage = JSON.parse(line.slice('reliability-memory '.length)) as NodeJS.MemoryUsage;
      for (const wake of this.#memoryWaiters.splice(0)) wake(usage);
    }
    this.#lineWaiters = this.#lineWaiters.filter((waiter) => {
      if (!waiter.pattern.test(line)) return true;
      waiter.resolve(line);
      return false;
    });
  }

  /** Resolves with the next output line matching `pattern`. */
  nextLine(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line matching ${pattern} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#lineWaiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  /** Heap and external memory after a full collection (needs `probe`). */
  memory(timeoutMs = 10_000): Promise<NodeJS.MemoryUsage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no memory report from the server')),
        timeoutMs,
      );
      this.#memoryWaiters.push((usage) => {
        clearTimeout(timer);
        resolve(usage);
      });
      this.child.kill('SIGUSR2');
    });
  }

  /** Resident set size now and at its peak (VmRSS, VmHWM), in bytes. */
  async rss(): Promise<{ now: number; peak: number }> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8').catch(() => '');
    const field = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { now: field('VmRSS'), peak: field('VmHWM') };
  }

  /** SIGKILL: no clean-up of any kind runs. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, as an operator stops it; SIGKILL if it takes longer than `graceMs`. */
  async stop(graceMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      const result = await this.exited;
      clearTimeout(timer);
      return result;
    }
    return this.exited;
  }
}
