/**
 * What the POP3 engine's events look like in the server's log and in session transcripts.
 * The engine already masks secrets in the command lines it reports (PASS, AUTH responses);
 * `maskSecrets` is applied once more here so that a line can never carry a password into a
 * file, even if it was reported some other way.
 */
import { maskSecrets, type Pop3Event } from '@pop3-lab/core';
import type { LogFields } from './log-format';

export interface LogEntry {
  readonly event: string;
  readonly fields: LogFields;
}

/**
 * One log line per session event that matters to an operator: commands, logins, deletions
 * applied, errors, the end. Positive replies and state changes are left to the transcript.
 */
export function pop3LogEntry(event: Pop3Event): LogEntry | undefined {
  switch (event.type) {
    case 'command':
      return { event: 'command', fields: { line: maskSecrets(event.line) } };
    case 'auth':
      return {
        event: event.ok ? 'login' : 'login-failed',
        fields: { user: event.user, mechanism: event.mechanism },
      };
    case 'reply':
      return event.ok
        ? undefined
        : { event: 'reply', fields: { ok: false, code: event.code, text: event.text } };
    case 'update':
      return {
        event: 'update',
        fields: { ok: event.ok, deleted: event.deleted.join(',') || '-', reason: event.reason },
      };
    case 'error':
      return { event: 'error', fields: { kind: event.kind, reason: event.reason } };
    case 'session-ended':
      return { event: 'session-ended', fields: { reason: event.reason } };
    default:
      return undefined;
  }
}

/**
 * Transcript lines for an event: `C:` what the client sent (masked), `S:` the server's status
 * lines, `*` what happened in between. Message bodies are not copied, only announced.
 */
export function pop3TranscriptLines(event: Pop3Event): string[] {
  switch (event.type) {
    case 'session-started':
      return [`* session started (persona ${event.persona}, state ${event.state})`];
    case 'command':
      return [`C: ${maskSecrets(event.line)}`];
    case 'sasl-response':
      return [`C: ${event.line}`];
    case 'sasl-challenge':
      return [`S: + ${event.base64}`];
    case 'reply': {
      const status = event.ok ? '+OK' : '-ERR';
      const code = event.code ? ` [${event.code}]` : '';
      const text = event.text === '' ? '' : ` ${event.text}`;
      const lines = [`S: ${status}${code}${text}`];
      if (event.multiline) lines.push('S: (multi-line data follows, ended by ".")');
      return lines;
    }
    case 'state-changed':
      return [`* state ${event.from} -> ${event.to} (${event.explanation.rfc})`];
    case 'auth':
      return [
        `* ${event.ok ? 'logged in' : 'login failed'}: ${event.user ?? '(no user)'} by ${event.mechanism}`,
      ];
    case 'marked-deleted':
      return [`* message ${event.msg} marked as deleted`];
    case 'reset':
      return [`* unmarked: ${event.restored.join(', ') || 'none'}`];
    case 'update':
      return [
        event.ok
          ? `* update: deleted ${event.deleted.join(', ') || 'nothing'}`
          : `* update failed: ${event.reason ?? 'unknown reason'}; nothing deleted`,
      ];
    case 'error':
      return [`* ${event.kind}: ${event.reason}`];
    case 'tls-started':
      return ['* TLS active'];
    case 'language-changed':
      return [`* language ${event.language}`];
    case 'utf8-enabled':
      return ['* UTF-8 mode on'];
    case 'session-ended':
      return [`* session ended (${event.reason})`];
  }
}
