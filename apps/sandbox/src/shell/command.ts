/** What a shell command is and what it is given when it runs. */
import type { MessageKey, Translate } from '../i18n/messages';
import type { History } from '../terminal/history';
import type { LineEditor } from '../terminal/line-editor';
import type { Input, Output } from './io';
import type { ShellFs } from './shell-fs';
import type { Network } from '../net/network';

export interface Command {
  readonly name: string;
  /** How to call it, e.g. `telnet HOST [PORT]`. */
  readonly usage: string;
  /** One line for `help`. */
  readonly summary: MessageKey;
  run(context: CommandContext): Promise<number>;
}

/** What the shell lends to its commands. */
export interface ShellApi {
  readonly fs: ShellFs;
  readonly network: Network;
  readonly history: History;
  readonly commands: readonly Command[];
  readonly t: Translate;
  cwd: string;
  /** OLDPWD, for `cd -`. */
  previousDirectory: string | undefined;
  readonly home: string;
  /** The terminal's width, for commands that lay out text. */
  readonly columns: number;
  /** An absolute path for a name typed by the user. */
  resolve(path: string): string;
  /** The path as the prompt shows it (~ for home). */
  display(path: string): string;
  /** Restores the sample mailboxes (the `reset` command). */
  resetSamples(): Promise<void>;
  clearScreen(): void;
  /** Runs a command line on behalf of a running command (telnet's `!`). */
  runLine(line: string, signal: AbortSignal): Promise<number>;
}

export interface CommandContext {
  readonly name: string;
  readonly args: readonly string[];
  readonly stdin: Input;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Output goes straight to the screen (colours and columns are welcome). */
  readonly stdoutIsTerminal: boolean;
  /** Set when the command's input and output are the terminal: it may converse. */
  readonly terminal: LineEditor | undefined;
  readonly shell: ShellApi;
  /** Aborted by Ctrl-C. */
  readonly signal: AbortSignal;
}

/** Writes `name: message` on stderr and returns the status to exit with. */
export function fail(context: CommandContext, message: string, status = 1): number {
  context.stderr.write(`${context.name}: ${message}\n`);
  return status;
}

/** The usual answer to wrong arguments: the usage line, status 2. */
export function usage(context: CommandContext, command: Command): number {
  context.stderr.write(`${context.shell.t('shell.usage')}: ${command.usage}\n`);
  return 2;
}

/**
 * All of standard input: a pipe's bytes, or lines typed until Ctrl-D. Undefined when Ctrl-C
 * ended the typing.
 */
export async function readAllInput(context: CommandContext): Promise<Uint8Array | undefined> {
  if (context.stdin.kind === 'bytes') return context.stdin.bytes;
  const editor = context.terminal;
  if (!editor) return new Uint8Array(0);
  const lines: string[] = [];
  for (;;) {
    const result = await editor.read({ prompt: '' });
    if (result.type === 'line') lines.push(result.text + '\n');
    else if (result.type === 'eof') break;
    else return undefined;
  }
  return new TextEncoder().encode(lines.join(''));
}
