/**
 * The server's session log: a logfmt line per session event on one output, and with a log
 * directory, one transcript file per session. Protocol-specific wording comes from the two
 * functions it is given; the rest (connect, TLS, close, refusals) is the same for any protocol.
 *
 * Every line carries `session=<n>`, so the lines of concurrent sessions can be told apart.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionContext, RejectedConnection, SessionObserver } from './connection-host';
import { formatLogLine, type LogFields } from './log-format';
import { formatHostPort } from './peer-address';

export interface SessionLogOptions<E> {
  /** Receives finished log lines (no newline); undefined for no session log on the console. */
  readonly write?: (line: string) => void;
  /** A directory for one transcript file per session. */
  readonly transcriptDir?: string;
  readonly describe: (event: E) => { event: string; fields: LogFields } | undefined;
  readonly transcribe: (event: E) => readonly string[];
  readonly now?: () => Date;
  /** Told once if a transcript cannot be written (disk full…); the session goes on. */
  readonly onTranscriptError?: (message: string) => void;
}

export class SessionLog<E> {
  readonly #options: SessionLogOptions<E>;
  readonly #open = new Set<Promise<void>>();
  #reportedTranscriptError = false;

  constructor(options: SessionLogOptions<E>) {
    this.#options = options;
  }

  /** For `ConnectionHost`'s `observe` option. */
  observe(context: ConnectionContext): SessionObserver {
    const now = this.#options.now ?? (() => new Date());
    const base = { session: context.id };
    const peer = formatHostPort(context.info.remoteAddress, context.remotePort);
    const transcript = this.#transcript(context, now());
    let user: string | undefined;
    const line = (event: string, fields: LogFields = {}): void => {
      this.#options.write?.(formatLogLine(now(), event, { ...base, ...fields }));
    };
    const note = (text: string): void => {
      transcript?.write(`${now().toISOString()} ${visible(text)}\n`);
    };

    line('connect', {
      service: context.service,
      peer,
      port: context.info.localPort,
      tls: context.info.tls,
    });
    note(`* connection from ${peer} to port ${context.info.localPort} (${context.security})`);

    // Nothing is worded for an output that is not there (--quiet, no log directory), and
    // without an `event` callback the session makes no events at all.
    const wantsEvents = this.#options.write !== undefined || transcript !== undefined;
    return {
      // The host carries events of any protocol; this log was built for the service's type.
      event: !wantsEvents
        ? undefined
        : (raw) => {
            const event = raw as E;
            if (this.#options.write !== undefined) {
              const entry = this.#options.describe(event);
              if (entry) {
                if (entry.event === 'login' && typeof entry.fields.user === 'string')
                  user = entry.fields.user;
                line(entry.event, entry.fields);
              }
            }
            if (transcript) for (const text of this.#options.transcribe(event)) note(text);
          },
      secured: (details) => {
        line('tls', { protocol: details.protocol, cipher: details.cipher });
        note(`* TLS handshake done: ${details.protocol} ${details.cipher}`);
      },
      closed: (summary) => {
        line('close', {
          outcome: summary.outcome,
          user,
          bytes_in: summary.bytesIn,
          bytes_out: summary.bytesOut,
          duration_ms: summary.durationMs,
          tls: summary.tls,
          error: summary.error,
        });
        note(
          `* closed (${summary.outcome}${summary.error ? `: ${summary.error}` : ''}); ` +
            `${summary.bytesIn} octets in, ${summary.bytesOut} out`,
        );
        if (transcript) {
          const finished = new Promise<void>((resolve) => transcript.end(() => resolve()));
          this.#open.add(finished);
          void finished.then(() => this.#open.delete(finished));
        }
      },
    };
  }

  /** For `ConnectionHost`'s `rejected` option. */
  rejected(event: RejectedConnection): void {
    const now = this.#options.now ?? (() => new Date());
    this.#options.write?.(
      formatLogLine(now(), 'rejected', {
        service: event.service,
        peer: event.remoteAddress,
        port: event.localPort,
        reason: event.reason,
        detail: event.detail,
      }),
    );
  }

  /** Resolves when every finished transcript is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.#open]);
  }

  #transcript(context: ConnectionContext, started: Date): WriteStream | undefined {
    const dir = this.#options.transcriptDir;
    if (dir === undefined) return undefined;
    const stamp = started.toISOString().replace(/[:.]/g, '-');
    const name = `${context.service}-${stamp}-${String(context.id).padStart(6, '0')}.log`;
    // 'wx': never append to or overwrite another session's file; 0600: transcripts are private.
    const stream = createWriteStream(join(dir, name), { flags: 'wx', mode: 0o600 });
    stream.on('error', (error) => {
      if (this.#reportedTranscriptError) return;
      this.#reportedTranscriptError = true;
      this.#options.onTranscriptError?.(`cannot write transcript ${name}: ${error.message}`);
    });
    return stream;
  }
}

/** Control characters written as escapes (\r, \x00), so a transcript line stays one line. */
export function visible(text: string): string {
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) =>
    c === '\r' ? '\\r' : c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
