/**
 * The annotated transcript: C: and S: lines of every connection, each server status line with
 * the explanation and RFC section the engine gave for it, and notes for what happens around
 * them (connection opened, TLS, closed). Client lines come from the engine's `command` events,
 * where passwords are already masked; server lines from the bytes sent, so the transcript shows
 * exactly what went over the wire. The engine announces each reply just before its bytes, so
 * the explanation waiting for a connection belongs to its next status line.
 */
import type { Explanation } from '@pop3-lab/core';
import type { Language, MessageKey, Translate } from '../i18n/messages';

export type NoteTone = 'info' | 'success' | 'warning';

export type TranscriptEntry =
  | {
      readonly kind: 'note';
      readonly id: number;
      readonly connection: number;
      readonly message: MessageKey;
      readonly params: Readonly<Record<string, string | number>>;
      readonly tone: NoteTone;
    }
  | {
      readonly kind: 'client';
      readonly id: number;
      readonly connection: number;
      readonly text: string;
    }
  | {
      readonly kind: 'server';
      readonly id: number;
      readonly connection: number;
      readonly text: string;
      readonly explanation: Explanation | undefined;
      /** Lines of a multi-line reply, dot-stuffing undone, without the final ".". */
      readonly body: readonly string[];
      readonly multiline: boolean;
    };

type ServerEntry = Extract<TranscriptEntry, { kind: 'server' }>;

interface ReplyInfo {
  readonly explanation: Explanation;
  readonly multiline: boolean;
}

interface ConnectionState {
  partial: number[];
  pending: ReplyInfo | undefined;
  /** The multi-line reply whose body is arriving. */
  body: { entry: ServerEntry; lines: string[] } | undefined;
}

const decoder = new TextDecoder();

export class Transcript {
  #entries: TranscriptEntry[] = [];
  #nextId = 1;
  readonly #connections = new Map<number, ConnectionState>();
  readonly #limit: number;

  constructor(limit = 2000) {
    this.#limit = limit;
  }

  get entries(): readonly TranscriptEntry[] {
    return this.#entries;
  }

  note(
    connection: number,
    message: MessageKey,
    params: Readonly<Record<string, string | number>> = {},
    tone: NoteTone = 'info',
  ): void {
    this.#push({ kind: 'note', id: this.#nextId++, connection, message, params, tone });
  }

  clientLine(connection: number, text: string): void {
    this.#push({ kind: 'client', id: this.#nextId++, connection, text });
  }

  /** The engine's reply or SASL challenge event: it explains the next status line. */
  reply(connection: number, explanation: Explanation, multiline: boolean): void {
    this.#state(connection).pending = { explanation, multiline };
  }

  serverBytes(connection: number, bytes: Uint8Array): void {
    const state = this.#state(connection);
    for (const byte of bytes) {
      if (byte !== 0x0a) {
        state.partial.push(byte);
        continue;
      }
      const line = decoder.decode(Uint8Array.from(state.partial)).replace(/\r$/, '');
      state.partial = [];
      this.#serverLine(connection, state, line);
    }
  }

  closed(connection: number): void {
    this.#connections.delete(connection);
  }

  clear(): void {
    this.#entries = [];
  }

  #serverLine(connection: number, state: ConnectionState, line: string): void {
    if (state.body) {
      if (line === '.') {
        this.#replace(state.body.entry, { ...state.body.entry, body: state.body.lines });
        state.body = undefined;
        return;
      }
      // RFC 1939 §3: a line starting with "." was byte-stuffed with one more.
      state.body.lines.push(line.startsWith('.') ? line.slice(1) : line);
      if (state.body.lines.length % 50 === 0) {
        const updated = { ...state.body.entry, body: [...state.body.lines] };
        this.#replace(state.body.entry, updated);
        state.body.entry = updated;
      }
      return;
    }
    const info = state.pending;
    state.pending = undefined;
    const entry: ServerEntry = {
      kind: 'server',
      id: this.#nextId++,
      connection,
      text: line,
      explanation: info?.explanation,
      body: [],
      multiline: info?.multiline ?? false,
    };
    this.#push(entry);
    if (entry.multiline) state.body = { entry, lines: [] };
  }

  #replace(old: ServerEntry, updated: ServerEntry): void {
    const index = this.#entries.lastIndexOf(old);
    if (index !== -1) this.#entries[index] = updated;
    const state = this.#connections.get(old.connection);
    if (state?.body?.entry === old) state.body.entry = updated;
  }

  #push(entry: TranscriptEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit)
      this.#entries.splice(0, this.#entries.length - this.#limit);
  }

  #state(connection: number): ConnectionState {
    let state = this.#connections.get(connection);
    if (!state) {
      state = { partial: [], pending: undefined, body: undefined };
      this.#connections.set(connection, state);
    }
    return state;
  }
}

/** Several connections in one transcript: each line says which, once there is more than one. */
function connectionTag(entries: readonly TranscriptEntry[]): (entry: TranscriptEntry) => string {
  const many = new Set(entries.map((e) => e.connection)).size > 1;
  return (entry) => (many ? `#${entry.connection} ` : '');
}

export function transcriptToText(
  entries: readonly TranscriptEntry[],
  language: Language,
  t: Translate,
): string {
  const tag = connectionTag(entries);
  const lines: string[] = [t('ui.transcript.title'), ''];
  for (const entry of entries) {
    if (entry.kind === 'note') lines.push(`${tag(entry)}-- ${t(entry.message, entry.params)}`);
    else if (entry.kind === 'client') lines.push(`${tag(entry)}C: ${entry.text}`);
    else {
      lines.push(`${tag(entry)}S: ${entry.text}`);
      for (const body of entry.body)
        lines.push(`${tag(entry)}S: ${body.startsWith('.') ? '.' + body : body}`);
      if (entry.multiline) lines.push(`${tag(entry)}S: .`);
      if (entry.explanation) {
        lines.push(`      ↳ ${entry.explanation[language]} [${entry.explanation.rfc}]`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** Backticks inside inline code need a longer fence. */
function code(text: string): string {
  if (text === '') return '` `';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

export function transcriptToMarkdown(
  entries: readonly TranscriptEntry[],
  language: Language,
  t: Translate,
): string {
  const tag = connectionTag(entries);
  const out: string[] = [`# ${t('ui.transcript.title')}`, ''];
  for (const entry of entries) {
    if (entry.kind === 'note') out.push(`- _${tag(entry)}${t(entry.message, entry.params)}_`);
    else if (entry.kind === 'client') out.push(`- ${tag(entry)}**C:** ${code(entry.text)}`);
    else {
      const meaning = entry.explanation
        ? ` — ${entry.explanation[language]} (${entry.explanation.rfc})`
        : '';
      out.push(`- ${tag(entry)}**S:** ${code(entry.text)}${meaning}`);
      if (entry.multiline) {
        const body = [...entry.body.map((b) => (b.startsWith('.') ? '.' + b : b)), '.'];
        const fence = '`'.repeat(
          Math.max(3, ...body.map((l) => (/^`+/.exec(l)?.[0].length ?? 0) + 1)),
        );
        out.push('', `  ${fence}`, ...body.map((b) => `  ${b}`), `  ${fence}`, '');
      }
    }
  }
  return out.join('\n') + '\n';
}
