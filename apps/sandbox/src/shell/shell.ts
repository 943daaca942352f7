/**
 * The lab's shell: reads a line, parses it, runs its pipelines. Commands of a pipeline run one
 * after the other, each reading the previous one's whole output, which is all that teaching
 * commands need (`echo -n … | md5sum`, `printf … | nc …`). Only a command whose input and
 * output are both the terminal may converse with the user (telnet).
 */
import type { Translate } from '../i18n/messages';
import { History } from '../terminal/history';
import type { LineEditor } from '../terminal/line-editor';
import { style } from '../terminal/ansi';
import type { Network } from '../net/network';
import { fail, type Command, type CommandContext, type ShellApi } from './command';
import { fsErrorKey } from './errors';
import { BufferOutput, TerminalOutput, type Input, type Output } from './io';
import { parseLine, type SimpleCommand } from './parse';
import { resolve as resolvePath } from './posix-path';
import type { ShellFs } from './shell-fs';

/** What the commands act on: the lab's files and network, and a way to restore the samples. */
export interface ShellWorld {
  readonly fs: ShellFs;
  readonly network: Network;
  readonly resetSamples: () => Promise<void>;
}

export interface ShellOptions {
  readonly editor: LineEditor;
  /** May arrive after the prompt: lines typed meanwhile wait for it. */
  readonly world: ShellWorld | Promise<ShellWorld>;
  readonly commands: readonly Command[];
  readonly t: Translate;
  readonly user?: string;
  readonly hostname?: string;
  readonly home?: string;
  readonly history?: History;
  /** Told of every command line run, as the words of each simple command (for the labs). */
  readonly onCommands?: (commands: readonly (readonly string[])[]) => void;
}

export class Shell implements ShellApi {
  readonly history: History;
  readonly commands: readonly Command[];
  readonly home: string;
  readonly user: string;
  readonly hostname: string;
  readonly #editor: LineEditor;
  readonly #byName: Map<string, Command>;
  readonly #worldPromise: Promise<ShellWorld>;
  #world: ShellWorld | undefined;
  readonly #t: Translate;
  #cwd: string;
  previousDirectory: string | undefined;
  #status = 0;
  #running: AbortController | undefined;
  #stopped = false;
  readonly #onCommands: ShellOptions['onCommands'];

  constructor(options: ShellOptions) {
    this.#onCommands = options.onCommands;
    this.#editor = options.editor;
    this.#worldPromise = Promise.resolve(options.world);
    this.#worldPromise.then(
      (world) => (this.#world = world),
      () => undefined, // reported by execute()
    );
    this.commands = options.commands;
    this.#t = options.t;
    this.user = options.user ?? 'student';
    this.hostname = options.hostname ?? 'pop3-lab';
    this.home = options.home ?? `/home/${this.user}`;
    this.history = options.history ?? new History();
    this.#cwd = this.home;
    this.#byName = new Map(options.commands.map((command) => [command.name, command]));
    this.#editor.onInterrupt = () => this.#running?.abort();
  }

  get fs(): ShellFs {
    return this.#ready.fs;
  }

  get network(): Network {
    return this.#ready.network;
  }

  get #ready(): ShellWorld {
    if (!this.#world) throw new Error('the lab is still loading');
    return this.#world;
  }

  get t(): Translate {
    return this.#t;
  }

  get cwd(): string {
    return this.#cwd;
  }

  set cwd(path: string) {
    this.#cwd = path;
  }

  get columns(): number {
    return this.#editor.columns;
  }

  get status(): number {
    return this.#status;
  }

  resolve(path: string): string {
    return resolvePath(this.#cwd, path);
  }

  display(path: string): string {
    if (path === this.home) return '~';
    return path.startsWith(this.home + '/') ? '~' + path.slice(this.home.length) : path;
  }

  resetSamples(): Promise<void> {
    return this.#ready.resetSamples();
  }

  clearScreen(): void {
    this.#editor.clearScreen();
  }

  /** Debian's default prompt: user@host:dir$ in green and blue. */
  get prompt(): string {
    return `${style.green(style.bold(`${this.user}@${this.hostname}`))}:${style.blue(style.bold(this.display(this.#cwd)))}$ `;
  }

  /** Reads and runs lines until `stop()`. */
  async run(): Promise<void> {
    while (!this.#stopped) {
      const result = await this.#editor.read({ prompt: this.prompt, history: this.history });
      if (this.#stopped) return;
      if (result.type === 'line') await this.execute(result.text);
      else if (result.type === 'interrupt') this.#status = 130;
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#running?.abort();
    this.#editor.cancel();
  }

  /** Runs one command line; resolves with its exit status. */
  async execute(line: string): Promise<number> {
    if (!this.#world) {
      try {
        this.#world = await this.#worldPromise;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.#editor.print(`-bash: the lab could not start: ${reason}\r\n`);
        return (this.#status = 1);
      }
    }
    const controller = new AbortController();
    this.#running = controller;
    try {
      await this.runLine(line, controller.signal);
    } finally {
      this.#running = undefined;
    }
    if (controller.signal.aborted) {
      this.#status = 130;
      this.#editor.print('\r\n');
      this.#editor.discardTypeAhead();
    }
    return this.#status;
  }

  /** Runs a line from inside a running command (telnet's `!`), under that command's Ctrl-C. */
  async runLine(line: string, signal: AbortSignal): Promise<number> {
    const parsed = parseLine(line, {
      get: (name) => this.#variable(name),
    });
    const stderr = new TerminalOutput(this.#editor);
    if (!parsed.ok) {
      stderr.write(`-bash: ${parsed.error}\n`);
      this.#status = 2;
      return this.#status;
    }
    this.#onCommands?.(
      parsed.steps.flatMap((step) => step.pipeline.map((command) => command.argv)),
    );
    for (const step of parsed.steps) {
      if (signal.aborted) break;
      if (step.when === 'success' && this.#status !== 0) continue;
      if (step.when === 'failure' && this.#status === 0) continue;
      this.#status = await this.#runPipeline(step.pipeline, signal, stderr);
    }
    return this.#status;
  }

  #variable(name: string): string | undefined {
    switch (name) {
      case 'HOME':
        return this.home;
      case 'USER':
      case 'LOGNAME':
        return this.user;
      case 'PWD':
        return this.#cwd;
      case 'HOSTNAME':
        return this.hostname;
      case 'SHELL':
        return '/bin/bash';
      case '?':
        return String(this.#status);
      default:
        return undefined;
    }
  }

  async #runPipeline(
    pipeline: readonly SimpleCommand[],
    signal: AbortSignal,
    stderr: Output,
  ): Promise<number> {
    let input: Input = { kind: 'terminal' };
    let status = 0;
    for (let index = 0; index < pipeline.length; index++) {
      if (signal.aborted) return 130;
      const simple = pipeline[index] as SimpleCommand;
      const last = index === pipeline.length - 1;
      const [name, ...args] = simple.argv as [string, ...string[]];

      // Redirections: '<' replaces the input, '>' and '>>' capture the output into a file.
      let redirectOut: { path: string; append: boolean } | undefined;
      let redirectFailed = false;
      for (const redirection of simple.redirections) {
        const path = this.resolve(redirection.target);
        if (redirection.op === '<') {
          try {
            input = { kind: 'bytes', bytes: await this.fs.readFile(path) };
          } catch (error) {
            stderr.write(`-bash: ${redirection.target}: ${this.#t(fsErrorKey(error))}\n`);
            redirectFailed = true;
          }
        } else {
          redirectOut = { path, append: redirection.op === '>>' };
        }
      }
      if (redirectFailed) {
        status = 1;
        input = { kind: 'bytes', bytes: new Uint8Array(0) };
        continue;
      }

      const toTerminal = last && !redirectOut;
      const stdout = toTerminal ? new TerminalOutput(this.#editor) : new BufferOutput();
      const command = this.#byName.get(name);
      if (!command) {
        stderr.write(`${name}: ${this.#t('shell.notFound')}\n`);
        status = 127;
      } else {
        const context: CommandContext = {
          name,
          args,
          stdin: input,
          stdout,
          stderr,
          stdoutIsTerminal: toTerminal,
          terminal: input.kind === 'terminal' ? this.#editor : undefined,
          shell: this,
          signal,
        };
        try {
          status = await command.run(context);
        } catch (error) {
          status = fail(context, error instanceof Error ? error.message : String(error));
        }
      }
      if (redirectOut && stdout instanceof BufferOutput) {
        try {
          await this.fs.writeFile(redirectOut.path, stdout.bytes(), redirectOut.append);
        } catch (error) {
          stderr.write(`-bash: ${this.display(redirectOut.path)}: ${this.#t(fsErrorKey(error))}\n`);
          status = 1;
        }
      }
      input = {
        kind: 'bytes',
        bytes: stdout instanceof BufferOutput && !redirectOut ? stdout.bytes() : new Uint8Array(0),
      };
    }
    return status;
  }
}
