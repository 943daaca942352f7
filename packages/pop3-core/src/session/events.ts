import type { EndReason } from '@pop3-lab/protocol';
import type { Pop3State } from './state';
import type { Language } from './language';
import type { PersonaName } from './personas';

/** Why a reply is what it is, with the RFC section that governs it, for annotated transcripts. */
export interface Explanation {
  /** The governing rule, as "RFC 1939 §5". */
  readonly rfc: string;
  readonly en: string;
  readonly fr: string;
}

/** Extended response codes (RFC 2449 §8, RFC 3206, RFC 6856 §5). */
export type ResponseCode = 'IN-USE' | 'LOGIN-DELAY' | 'AUTH' | 'SYS/TEMP' | 'SYS/PERM' | 'UTF8';

/** How an authentication was attempted. */
export type AuthMechanism = 'USER' | 'APOP' | 'PLAIN' | 'LOGIN' | 'CRAM-MD5';

/** Kinds of trouble worth showing apart from ordinary -ERR replies. */
export type ErrorKind =
  /** The peer sent a line over the length limit (RFC 2449 §4). */
  | 'line-too-long'
  /** Unknown, unimplemented or switched-off command (RFC 1939 §3). */
  | 'unknown-command'
  /** A known command in a state where it is not allowed (RFC 1939 §3). */
  | 'wrong-state'
  /** A known command with missing or malformed arguments (RFC 1939 §3). */
  | 'syntax'
  /** A limit of this server was reached (bad commands, failed logins, pipelined input). */
  | 'limit'
  /** Plain-text input that arrived before a TLS upgrade and was thrown away (RFC 2595 §4). */
  | 'input-discarded'
  /** The maildrop or the authenticator failed (disk, lock, lookup). */
  | 'storage'
  /** A teaching persona misbehaved on purpose. */
  | 'persona-flaw'
  /** A fault of the engine or of a callback it was given; the session closes. */
  | 'internal';

/** Everything a session reports besides the bytes it sends. */
export type Pop3Event =
  /** The session started; the greeting follows. */
  | { readonly type: 'session-started'; readonly persona: PersonaName; readonly state: Pop3State }
  | {
      readonly type: 'state-changed';
      readonly from: Pop3State;
      readonly to: Pop3State;
      readonly explanation: Explanation;
    }
  /** A command line as parsed; secrets (PASS, AUTH responses) are masked in `args` and `line`. */
  | {
      readonly type: 'command';
      readonly keyword: string;
      readonly args: readonly string[];
      readonly line: string;
    }
  /** A client line inside a SASL exchange (always masked). */
  | { readonly type: 'sasl-response'; readonly line: string }
  /** A SASL server challenge ("+ base64"), with its decoded text. */
  | {
      readonly type: 'sasl-challenge';
      readonly base64: string;
      readonly decoded: string;
      readonly explanation: Explanation;
    }
  /** A status line sent to the client; for multi-line replies, the first line. */
  | {
      readonly type: 'reply';
      readonly ok: boolean;
      /** The text after the status and response code, as sent. */
      readonly text: string;
      readonly code?: ResponseCode;
      readonly multiline: boolean;
      readonly explanation: Explanation;
    }
  | {
      readonly type: 'auth';
      readonly user: string | undefined;
      readonly mechanism: AuthMechanism;
      readonly ok: boolean;
    }
  /** DELE: the message keeps its number until the session ends (RFC 1939 §5). */
  | { readonly type: 'marked-deleted'; readonly msg: number }
  /** RSET: these message numbers are no longer marked as deleted. */
  | { readonly type: 'reset'; readonly restored: readonly number[] }
  /** UPDATE: the deletions were applied (ok) or not (RFC 1939 §6). */
  | {
      readonly type: 'update';
      readonly deleted: readonly number[];
      readonly ok: boolean;
      readonly reason?: string;
    }
  | {
      readonly type: 'error';
      readonly kind: ErrorKind;
      readonly reason: string;
      readonly explanation: Explanation;
    }
  /** The driver was asked to start TLS and came back: the connection is now encrypted. */
  | { readonly type: 'tls-started' }
  | { readonly type: 'language-changed'; readonly language: Language }
  | { readonly type: 'utf8-enabled' }
  /** The session is over: QUIT, a limit, or the transport ended (no UPDATE then). */
  | { readonly type: 'session-ended'; readonly reason: 'quit' | 'limit' | EndReason };
