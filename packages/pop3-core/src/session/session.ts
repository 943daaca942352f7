/**
 * A POP3 session as its driver sees it (the ProtocolSession contract): bytes in through
 * `receive`, actions out through async iteration, `end` when the transport is gone.
 *
 * The session is one generator of steps (steps.ts), run by a StepRunner. It waits for a
 * complete line, runs the command the transition table names for the current state, and
 * yields what the command produces. The driver's pulls drive it: nothing is read from the
 * maildrop before the driver asks for the next action. `end` wakes a wait for input, and asks
 * the generator to return at its next action — which runs its `finally` and releases the
 * maildrop without committing anything (RFC 1939 §6: only QUIT in TRANSACTION enters UPDATE).
 */
import type { EndReason, LineItem, ProtocolSession } from '@pop3-lab/protocol';
import { LineReader } from '@pop3-lab/protocol';
import { echo } from '../commands/arguments';
import { greetingTimestamp } from '../commands/authorization';
import { maskSecrets } from '../commands/mask-secrets';
import { parseCommand } from '../commands/parse-command';
import { printable } from '../replies/reply-line';
import type { Action } from './context';
import { SessionContext } from './context';
import type { Pop3Event } from './events';
import type { Pop3SessionOptions } from './options';
import { resolveOptions } from './options';
import { FLAKY_EVERY } from './personas';
import type { Pop3State } from './state';
import { StepRunner } from './step-runner';
import { waitFor, type Actions } from './steps';
import { route } from './transition-table';

/** A POP3 session: the driver contract, plus the state for those who want to show it. */
export interface Pop3Session extends ProtocolSession<Pop3Event> {
  readonly state: Pop3State;
}

/** Throws a RangeError if the options are invalid (a mistake of the caller, not of the peer). */
export function createPop3Session(options: Pop3SessionOptions): Pop3Session {
  return new Session(options);
}

class Session implements Pop3Session {
  readonly #ctx: SessionContext;
  #reader: LineReader;
  #wake: (() => void) | undefined;
  #ended: EndReason | undefined;
  #overflow = false;
  #iterator: StepRunner | undefined;

  constructor(options: Pop3SessionOptions) {
    const config = resolveOptions(options);
    // One reader for commands and AUTH responses; the tighter command limit is checked per line.
    this.#reader = new LineReader(config.limits.saslLineLength);
    this.#ctx = new SessionContext(config, {
      readLine: () => this.#readLine(),
      discardBuffered: () => this.#discardBuffered(),
    });
  }

  get state(): Pop3State {
    return this.#ctx.state;
  }

  get committing(): boolean {
    return this.#ctx.committing;
  }

  receive(bytes: Uint8Array): void {
    if (this.#ended !== undefined || this.#ctx.closed || this.#overflow) return;
    this.#reader.push(bytes);
    if (this.#reader.pending > this.#ctx.config.limits.pipelinedLines) this.#overflow = true;
    this.#wakeUp();
  }

  end(reason: EndReason): void {
    if (this.#ended !== undefined) return;
    this.#ended = reason;
    this.#wakeUp();
    // Suspended at a yield, the generator returns now and runs its finally blocks; if it is in
    // the middle of a step (a commit, a read), the request waits for that step to finish.
    this.#iterator?.return().catch(() => undefined);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Action> {
    if (this.#iterator !== undefined) throw new Error('A POP3 session can be iterated only once');
    this.#iterator = new StepRunner(this.#run(), { dropEvents: !this.#ctx.config.events });
    return this.#iterator;
  }

  *#run(): Actions {
    const ctx = this.#ctx;
    try {
      if (this.#ended !== undefined) return;
      yield ctx.event({ type: 'session-started', persona: ctx.config.persona, state: ctx.state });
      yield* ctx.reply('greeting', {
        banner:
          ctx.config.greeting ??
          (ctx.config.wording === 'rfc1939' ? 'POP3 server ready' : 'POP3 Lab ready.'),
        // RFC 1939 §7: a server that offers APOP puts a unique timestamp in its greeting.
        timestamp: ctx.has('APOP') ? greetingTimestamp(ctx) : undefined,
      });
      while (!ctx.closed) {
        const next = this.#nextLine();
        const item = next instanceof Promise ? yield* waitFor(next) : next;
        if (item === undefined) {
          if (this.#overflow) yield* this.#tooMuchInput();
          else yield ctx.event({ type: 'session-ended', reason: this.#ended ?? 'closed' });
          break;
        }
        // The command's own generator runs here, not inside #dispatch: one level of async
        // generator less for each of its actions.
        const handler = yield* this.#dispatch(item);
        if (handler !== undefined) yield* handler;
      }
    } catch (error) {
      // A bug, or a callback that threw where nothing expected it: never reject the driver's
      // pull with it; report it and hang up (no UPDATE, so nothing is lost).
      if (!ctx.closed) {
        yield* ctx.error('internal', error instanceof Error ? error.message : String(error), {
          rfc: 'RFC 1939 §6',
          en: 'The server hit an unexpected fault and closes the connection. Without QUIT there is no UPDATE: nothing is deleted.',
          fr: 'Le serveur a rencontré une panne inattendue et ferme la connexion. Sans QUIT il n’y a pas d’UPDATE : rien n’est supprimé.',
        });
        yield* ctx.close('error');
      }
    } finally {
      // Without QUIT there is no UPDATE: leave the maildrop as it was (RFC 1939 §6).
      try {
        yield* waitFor(ctx.mailbox?.maildrop.release());
      } catch {
        // Releasing is the store's last duty; its failure cannot be answered to anyone.
      }
    }
  }

  /** Answers what needs no handler; returns the handler's actions for #run to pass on. */
  *#dispatch(item: LineItem): Generator<Action, Actions | undefined> {
    const ctx = this.#ctx;
    const limit = ctx.config.limits.commandLength;
    // RFC 2449 §4: 255 octets at most, CRLF included (a bare LF is counted as if it were CRLF).
    if (item.kind === 'too-long' || item.bytes.length + 2 > limit) {
      const discarded = item.kind === 'too-long' ? item.discarded : item.bytes.length + 2;
      ctx.userForPass = undefined;
      yield* ctx.rejected(
        'line-too-long',
        `${discarded} octets over a ${limit}-octet limit`,
        'line-too-long',
        {
          discarded,
          limit,
        },
      );
      return;
    }

    const command = parseCommand(item.bytes);
    if (ctx.config.events) {
      const line = maskSecrets(command.line);
      yield ctx.event({
        type: 'command',
        keyword: command.keyword,
        args: line === command.line ? command.args : parseCommand(line).args,
        line,
      });
    }
    // RFC 1939 §7: PASS must come immediately after USER; anything else forgets the USER.
    if (command.keyword !== 'PASS') ctx.userForPass = undefined;
    if (command.keyword === '') {
      yield* ctx.rejected('unknown-command', 'empty line', 'empty-command', {});
      return;
    }

    ctx.commandCount += 1;
    if (ctx.config.flaw === 'flaky' && ctx.commandCount % FLAKY_EVERY === 0) {
      yield* ctx.failed(
        'persona-flaw',
        `command ${ctx.commandCount} failed on purpose`,
        'flaky',
        {},
      );
      return;
    }

    const keyword = echo(printable(command.keyword), 20);
    const target = route(ctx.state, command.keyword, (feature) => ctx.has(feature));
    switch (target.kind) {
      case 'handler':
        return target.handler(ctx, command);
      case 'unknown':
        yield* ctx.rejected('unknown-command', `unknown command ${keyword}`, 'unknown-command', {
          keyword,
        });
        return;
      case 'disabled':
        yield* ctx.rejected('unknown-command', `${keyword} is switched off`, 'command-disabled', {
          keyword,
        });
        return;
      case 'wrong-state':
        yield* ctx.rejected(
          'wrong-state',
          `${keyword} is not valid in ${ctx.state}`,
          target.validIn === 'AUTHORIZATION' ? 'already-logged-in' : 'not-logged-in',
          { keyword },
        );
        return;
    }
  }

  *#tooMuchInput(): Actions {
    const ctx = this.#ctx;
    const lines = this.#reader.pending;
    this.#discardBuffered();
    yield* ctx.failed('limit', `${lines} lines waiting unprocessed`, 'too-much-input', {});
    yield* ctx.close('limit');
  }

  /** The next line if there is one, undefined once the transport has ended, else a wait for either. */
  #nextLine(): LineItem | undefined | Promise<LineItem | undefined> {
    if (this.#ended !== undefined || this.#overflow) return undefined;
    return this.#reader.next() ?? this.#readLine();
  }

  async #readLine(): Promise<LineItem | undefined> {
    for (;;) {
      if (this.#ended !== undefined || this.#overflow) return undefined;
      const item = this.#reader.next();
      if (item !== undefined) return item;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #discardBuffered(): number {
    let octets = this.#reader.partialLength;
    for (let item = this.#reader.next(); item !== undefined; item = this.#reader.next()) {
      // The reader drops the line end; count it as the CRLF the protocol asks for.
      octets += item.kind === 'line' ? item.bytes.length + 2 : item.discarded;
    }
    this.#reader = new LineReader(this.#ctx.config.limits.saslLineLength);
    return octets;
  }
}
