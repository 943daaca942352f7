/**
 * Rehearses a lab: types its solution, step by step, into simulated terminals connected to the
 * real POP3 engine over the lab's mailboxes, feeds everything that happens to the objective
 * checker, and reports which steps were completed. It is how the tests prove that every lab
 * can be finished, and how a teacher checks a new lab file before class (`npm run check`).
 *
 * The terminals understand what lab solutions type: telnet, nc and openssl s_client to the
 * lab's server (110 with STLS, 995 with TLS from the start; TLS is simulated, as in the page),
 * and the text commands of text-commands.ts.
 */
import {
  apopDigest,
  createPop3Session,
  defaultPersona,
  staticAuthenticator,
  type FeatureName,
  type MailFs,
  type MaildropStore,
  type PersonaName,
  type Pop3Event,
  type Pop3Session,
} from '@pop3-lab/core';
import {
  expandPlaceholders,
  LabProgress,
  type LabDocument,
  type LabFact,
  type MailboxMessageFact,
  type ScriptLine,
} from '../src/index';
import { CountingFs } from './counting-fs';
import { parseShellLine, type SimpleCommand } from './shell-line';
import { resolvePath, textCommands } from './text-commands';

/** The lab's mail: a fresh file system on demand, its store, its logins. */
export interface RehearsalMail {
  /** A newly seeded file system: at the start, and for "reset mailboxes". */
  fresh(): Promise<MailFs>;
  store(fs: MailFs): MaildropStore;
  logins(): ReadonlyMap<string, string> | Record<string, string>;
}

export interface StepReport {
  readonly title: string;
  readonly completed: boolean;
  /** Objectives left undone (or failed), with their lines in the lab file. */
  readonly remaining: readonly {
    readonly label: string;
    readonly source: string;
    readonly line: number;
    readonly status: string;
  }[];
}

export interface RehearsalReport {
  readonly completed: boolean;
  readonly steps: readonly StepReport[];
  /** What each terminal showed, for reading when something fails. */
  readonly screens: readonly string[];
  /** Problems with the solution itself (a line the terminal could not take). */
  readonly problems: readonly string[];
  readonly progress: LabProgress;
}

export const LAB_HOSTNAME = 'mail.example.test';
const HOSTS = new Map([
  ['localhost', '127.0.0.1'],
  ['127.0.0.1', '127.0.0.1'],
  [LAB_HOSTNAME, '127.0.0.1'],
]);
const HOME = '/home/student';
const decoder = new TextDecoder();
const encoder = new TextEncoder();

class SolutionProblem extends Error {}

interface Connection {
  readonly id: number;
  readonly session: Pop3Session;
  open: boolean;
  /** The client cannot speak TLS and the server now expects it: its next bytes drop the link. */
  plainAfterTls: boolean;
  sink: (text: string) => void;
  readonly closed: Promise<void>;
}

type Program =
  | { readonly kind: 'telnet'; readonly connection: Connection; escaped: boolean }
  | { readonly kind: 'nc'; readonly connection: Connection; readonly lineEnd: string }
  | { readonly kind: 'openssl'; readonly connection: Connection; readonly lineEnd: string };

interface Terminal {
  screen: string;
  cwd: string;
  program: Program | undefined;
}

export async function rehearseLab(lab: LabDocument, mail: RehearsalMail): Promise<RehearsalReport> {
  return new Rehearsal(lab, mail).run();
}

class Rehearsal {
  readonly #lab: LabDocument;
  readonly #mail: RehearsalMail;
  readonly progress: LabProgress;
  readonly #terminals: Terminal[];
  #terminal = 0;
  #fs: CountingFs | undefined;
  #store!: MaildropStore;
  #persona: PersonaName;
  #disabled: readonly FeatureName[];
  #plaintextLogin = true;
  #connections = 0;
  /** Increases with every action the engine hands out: "something is still happening". */
  #activity = 0;
  readonly #background = new Set<Promise<unknown>>();
  readonly #problems: string[] = [];

  constructor(lab: LabDocument, mail: RehearsalMail) {
    this.#lab = lab;
    this.#mail = mail;
    this.progress = new LabProgress(lab);
    this.#persona = lab.meta.persona ?? defaultPersona;
    this.#disabled = lab.meta.disabled;
    this.#terminals = Array.from({ length: lab.meta.terminals }, () => ({
      screen: '',
      cwd: HOME,
      program: undefined,
    }));
  }

  async run(): Promise<RehearsalReport> {
    await this.#resetMail();
    const reports: StepReport[] = [];
    for (const [index, step] of this.#lab.steps.entries()) {
      if (step.setup) {
        if (step.setup.persona !== undefined) this.#persona = step.setup.persona;
        if (step.setup.disabled !== undefined) this.#disabled = step.setup.disabled;
        if (step.setup.plaintextLogin !== undefined)
          this.#plaintextLogin = step.setup.plaintextLogin;
        if (step.setup.resetMailboxes) await this.#resetMail();
      }
      try {
        for (const line of step.solution) {
          await this.#type(line);
          await this.#settle();
        }
      } catch (error) {
        if (!(error instanceof SolutionProblem)) throw error;
        this.#problems.push(error.message);
      }
      const completed = this.progress.current > index;
      reports.push({
        title: step.title,
        completed,
        remaining: completed
          ? []
          : step.objectives
              .map((objective, i) => ({
                label: objective.label,
                source: objective.source,
                line: objective.line,
                status: this.progress.status(index).objectives[i] ?? 'pending',
              }))
              .filter((objective) => objective.status !== 'done'),
      });
      if (!completed) break;
    }
    for (const terminal of this.#terminals) terminal.program?.connection.session.end('closed');
    await this.#settle();
    return {
      completed: this.progress.complete && this.#problems.length === 0,
      steps: reports,
      screens: this.#terminals.map((terminal) => terminal.screen),
      problems: this.#problems,
      progress: this.progress,
    };
  }

  #feed(fact: LabFact): void {
    this.progress.feed(fact);
  }

  async #resetMail(): Promise<void> {
    for (const terminal of this.#terminals) {
      terminal.program?.connection.session.end('closed');
      terminal.program = undefined;
    }
    await this.#settle();
    const fs = new CountingFs(await this.#mail.fresh());
    this.#fs = fs;
    this.#store = this.#mail.store(fs.fs);
    await this.#probeMailboxes();
  }

  /** Tells the checker what the watched mailboxes hold, as a new session would see them. */
  async #probeMailboxes(): Promise<void> {
    for (const user of this.progress.watchedMailboxes()) {
      const opened = await this.#store.open(user);
      if (!opened.ok) continue; // held by a session: unchanged until it ends
      const messages: MailboxMessageFact[] = [];
      try {
        for (let index = 0; index < opened.maildrop.messages.length; index++) {
          let header = '';
          for await (const chunk of opened.maildrop.read(index, { bodyLines: 0 }))
            header += decoder.decode(chunk);
          messages.push({ subject: subjectOf(header) });
        }
      } finally {
        await opened.maildrop.release();
      }
      this.#feed({ kind: 'mailbox', user, messages });
    }
  }

  /** Waits until the engine waits for the student: no disk work, nothing new, a few turns long. */
  async #settle(): Promise<void> {
    let quiet = 0;
    let seen = -1;
    while (quiet < 3) {
      await new Promise((resolve) => setImmediate(resolve));
      const busy =
        (this.#fs?.inFlight ?? 0) > 0 || this.#background.size > 0 || seen !== this.#activity;
      seen = this.#activity;
      quiet = busy ? 0 : quiet + 1;
    }
  }

  #track(promise: Promise<unknown>): void {
    const tracked = promise.finally(() => this.#background.delete(tracked));
    this.#background.add(tracked);
  }

  get #disk(): MailFs {
    if (this.#fs === undefined) throw new Error('the mail is not ready');
    return this.#fs.fs;
  }

  get #screen(): Terminal {
    return this.#terminals[this.#terminal] as Terminal;
  }

  async #type(line: ScriptLine): Promise<void> {
    const where = `line ${line.line}`;
    const terminal = this.#screen;
    switch (line.kind) {
      case 'pause':
        return;
      case 'terminal':
        if (line.terminal > this.#terminals.length)
          throw new SolutionProblem(`${where}: there is no terminal ${line.terminal}`);
        this.#terminal = line.terminal - 1;
        return;
      case 'escape':
        if (terminal.program?.kind !== 'telnet')
          throw new SolutionProblem(`${where}: ^] only works inside telnet`);
        terminal.program.escaped = true;
        terminal.screen += '^]\ntelnet> ';
        return;
      case 'shell': {
        if (terminal.program) {
          throw new SolutionProblem(
            `${where}: "$ ${line.text}" typed while ${terminal.program.kind} is still running`,
          );
        }
        const text = this.#expand(line.text, where);
        terminal.screen += `$ ${text}\n`;
        await this.#runShellLine(text, where);
        return;
      }
      case 'input': {
        const program = terminal.program;
        if (!program)
          throw new SolutionProblem(
            `${where}: "${line.text}" typed at the shell prompt, not into a program`,
          );
        const text = this.#expand(line.text, where);
        terminal.screen += `${text}\n`;
        if (program.kind === 'telnet' && program.escaped) {
          program.escaped = false;
          if (text === 'quit' || text === 'close') {
            program.connection.session.end('closed');
            await program.connection.closed;
          }
          return;
        }
        if (program.kind === 'openssl' && text === 'Q') {
          program.connection.session.end('closed');
          await program.connection.closed;
          return;
        }
        const lineEnd = program.kind === 'telnet' ? '\r\n' : program.lineEnd;
        this.#send(program.connection, text + lineEnd);
        return;
      }
    }
  }

  #expand(text: string, where: string): string {
    const expanded = expandPlaceholders(text, {
      timestamps: this.progress.world.timestamps,
      digest: apopDigest,
    });
    if (!expanded.ok) throw new SolutionProblem(`${where}: ${expanded.message}`);
    return expanded.text;
  }

  #send(connection: Connection, text: string): void {
    if (!connection.open) return;
    if (connection.plainAfterTls) {
      // Plain text where TLS is expected: the handshake fails and the connection drops.
      connection.sink('(the server expected a TLS handshake; the connection is dropped)\n');
      connection.session.end('closed');
      return;
    }
    connection.session.receive(encoder.encode(text));
  }

  async #runShellLine(text: string, where: string): Promise<void> {
    let items;
    try {
      items = parseShellLine(text, HOME);
    } catch (error) {
      throw new SolutionProblem(`${where}: ${(error as Error).message}`);
    }
    this.#feed({
      kind: 'shell',
      terminal: this.#terminal + 1,
      commands: items.flatMap((item) => item.pipeline.map((command) => command.argv)),
    });
    let status = 0;
    for (const item of items) {
      if (item.when === 'success' && status !== 0) continue;
      if (item.when === 'failure' && status === 0) continue;
      status = await this.#runPipeline(item.pipeline, where);
    }
  }

  async #runPipeline(pipeline: readonly SimpleCommand[], where: string): Promise<number> {
    const terminal = this.#screen;
    let stdin: string | undefined;
    let status = 0;
    for (const [index, command] of pipeline.entries()) {
      const last = index === pipeline.length - 1;
      let output = '';
      const out = (chunk: string) => {
        output += chunk;
      };
      const input = command.redirections.find((r) => r.op === '<');
      if (input)
        stdin = decoder.decode(await this.#disk.readFile(resolvePath(terminal.cwd, input.target)));
      const name = command.argv[0] as string;
      const network = name === 'telnet' || name === 'nc' || name === 'openssl';
      const toTerminal = last && !command.redirections.some((r) => r.op !== '<');
      if (network) {
        status = await this.#client(
          command.argv,
          stdin,
          toTerminal ? (s) => (terminal.screen += s) : out,
          where,
        );
      } else {
        const run = textCommands[name];
        if (!run)
          throw new SolutionProblem(`${where}: the rehearsal does not know the command "${name}"`);
        const context = {
          argv: command.argv,
          stdin,
          fs: this.#disk,
          cwd: terminal.cwd,
          home: HOME,
          out,
          err: (s: string) => (terminal.screen += s),
        };
        try {
          status = await run(context);
        } catch (error) {
          throw new SolutionProblem(`${where}: ${(error as Error).message}`);
        }
        terminal.cwd = context.cwd;
      }
      for (const redirection of command.redirections) {
        if (redirection.op === '<') continue;
        const path = resolvePath(terminal.cwd, redirection.target);
        let before = '';
        if (redirection.op === '>>') {
          try {
            before = decoder.decode(await this.#disk.readFile(path));
          } catch {
            before = '';
          }
        }
        await this.#disk.writeFile(path, encoder.encode(before + output));
        output = '';
      }
      if (toTerminal) terminal.screen += output;
      stdin = output;
    }
    return status;
  }

  /** telnet, nc and openssl s_client. */
  async #client(
    argv: readonly string[],
    stdin: string | undefined,
    sink: (text: string) => void,
    where: string,
  ): Promise<number> {
    const name = argv[0] as string;
    let host: string | undefined;
    let port: number | undefined;
    let lineEnd = '\n';
    let starttls = false;
    if (name === 'telnet') {
      host = argv[1];
      port = Number(argv[2] ?? '23');
      lineEnd = '\r\n';
    } else if (name === 'nc') {
      const operands = argv.slice(1).filter((arg) => !arg.startsWith('-'));
      if (argv.includes('-C')) lineEnd = '\r\n';
      [host] = operands;
      port = Number(operands[1]);
    } else {
      if (argv[1] !== 's_client')
        throw new SolutionProblem(`${where}: only "openssl s_client" is known`);
      const target = argv[argv.indexOf('-connect') + 1] ?? '';
      host = target.slice(0, target.lastIndexOf(':'));
      port = Number(target.slice(target.lastIndexOf(':') + 1));
      if (argv.includes('-crlf')) lineEnd = '\r\n';
      const starttlsAt = argv.indexOf('-starttls');
      if (starttlsAt !== -1) {
        if (argv[starttlsAt + 1] !== 'pop3')
          throw new SolutionProblem(`${where}: -starttls takes pop3 here`);
        starttls = true;
      }
    }
    if (host === undefined || !HOSTS.has(host)) {
      sink(`${name}: could not resolve ${host ?? ''}: Name or service not known\n`);
      return 1;
    }
    if (port !== 110 && port !== 995) {
      sink(`${name}: connect to ${host} port ${port}: Connection refused\n`);
      return 1;
    }
    if (name === 'openssl' && port === 110 && !starttls) {
      sink(
        'openssl: the server answered in plain text: no TLS handshake on port 110 without -starttls pop3\n',
      );
      return 1;
    }
    if (name === 'telnet')
      sink(`Trying 127.0.0.1...\nConnected to ${host}.\nEscape character is '^]'.\n`);
    const speaksTls = name === 'openssl';
    const connection = this.#connect(port, speaksTls, sink);
    if (starttls) {
      await this.#settle();
      this.#send(connection, 'STLS\r\n');
      await this.#settle();
    }
    if (stdin !== undefined) {
      this.#send(connection, name === 'telnet' ? stdin.replace(/\r?\n/g, '\r\n') : stdin);
      await this.#settle();
      if (connection.open) connection.session.end('closed');
      await connection.closed;
      return 0;
    }
    const terminal = this.#screen;
    terminal.program =
      name === 'telnet'
        ? { kind: 'telnet', connection, escaped: false }
        : name === 'nc'
          ? { kind: 'nc', connection, lineEnd }
          : { kind: 'openssl', connection, lineEnd };
    void connection.closed.then(() => {
      if (terminal.program?.connection === connection) {
        terminal.program = undefined;
        if (name === 'telnet') terminal.screen += 'Connection closed by foreign host.\n';
      }
    });
    return 0;
  }

  #connect(port: number, speaksTls: boolean, sink: (text: string) => void): Connection {
    const id = ++this.#connections;
    const implicit = port === 995;
    const session = createPop3Session({
      maildrops: this.#store,
      authenticator: staticAuthenticator(this.#mail.logins()),
      hostname: LAB_HOSTNAME,
      greetingToken: `${id}.1772434690`,
      tls: implicit ? 'active' : 'available',
      // The lab's network is loopback, where classrooms allow plain-text logins, unless a step
      // shows what a careful server does.
      allowPlaintextAuth: this.#plaintextLogin,
      persona: this.#persona,
      disabled: this.#disabled,
    });
    let finished!: () => void;
    const connection: Connection = {
      id,
      session,
      open: true,
      plainAfterTls: implicit && !speaksTls,
      sink,
      closed: new Promise<void>((resolve) => (finished = resolve)),
    };
    this.#feed({ kind: 'connection-opened', connection: id, port, tls: implicit });
    const pump = async () => {
      try {
        for await (const action of session) {
          this.#activity++;
          if (action.type === 'send') connection.sink(decoder.decode(action.bytes));
          else if (action.type === 'event')
            this.#feed({ kind: 'engine', connection: id, event: action.event as Pop3Event });
          else if (action.type === 'start-tls') {
            if (!speaksTls) connection.plainAfterTls = true;
          } else if (action.type === 'close') break;
        }
      } finally {
        connection.open = false;
        session.end('closed');
        this.#feed({ kind: 'connection-closed', connection: id });
        // A session that ended may have changed a mailbox (UPDATE): look again.
        this.#track(this.#probeMailboxes().finally(finished));
        this.#activity++;
      }
    };
    // The pump lives as long as the connection, so it is not "background work" for #settle.
    void pump();
    return connection;
  }
}

/** The Subject header of a header block, unfolded and MIME-decoded (RFC 5322 §2.2.3, RFC 2047). */
export function subjectOf(header: string): string {
  const unfolded = header.replace(/\r?\n[ \t]+/g, ' ');
  const line = /^subject:[ \t]*(.*)$/im.exec(unfolded)?.[1] ?? '';
  return line
    .replace(
      /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=(\s+(?==\?))?/g,
      (_, charset: string, encoding: string, text: string) => {
        const bytes =
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : Buffer.from(
                text
                  .replace(/_/g, ' ')
                  .replace(/=([0-9a-f]{2})/gi, (__, hex: string) =>
                    String.fromCharCode(parseInt(hex, 16)),
                  ),
                'latin1',
              );
        try {
          return new TextDecoder(charset).decode(bytes);
        } catch {
          return bytes.toString('latin1');
        }
      },
    )
    .trim();
}
