import { describe, expect, it } from 'vitest';
import type { Explanation } from '@pop3-lab/core';
import { pop3LogEntry, pop3TranscriptLines } from '../src/pop3-log-events';

const why: Explanation = { rfc: 'RFC 1939 §5', en: 'because', fr: 'parce que' };

describe('POP3 events in the log', () => {
  it('masks a password even if a command line arrives unmasked', () => {
    const event = {
      type: 'command',
      keyword: 'PASS',
      args: ['epikoi'],
      line: 'PASS epikoi',
    } as const;
    expect(pop3LogEntry(event)).toEqual({ event: 'command', fields: { line: 'PASS ****' } });
    expect(pop3TranscriptLines(event)).toEqual(['C: PASS ****']);
  });

  it('names logins and failures with user and mechanism', () => {
    expect(pop3LogEntry({ type: 'auth', user: 'chris', mechanism: 'APOP', ok: true })).toEqual({
      event: 'login',
      fields: { user: 'chris', mechanism: 'APOP' },
    });
    expect(
      pop3LogEntry({ type: 'auth', user: undefined, mechanism: 'PLAIN', ok: false })?.event,
    ).toBe('login-failed');
  });

  it('logs negative replies with their code, and leaves positive ones to the transcript', () => {
    const bad = {
      type: 'reply',
      ok: false,
      text: 'Authentication failed.',
      code: 'AUTH',
      multiline: false,
      explanation: why,
    } as const;
    expect(pop3LogEntry(bad)).toEqual({
      event: 'reply',
      fields: { ok: false, code: 'AUTH', text: 'Authentication failed.' },
    });
    const good = {
      type: 'reply',
      ok: true,
      text: '2 320',
      multiline: false,
      explanation: why,
    } as const;
    expect(pop3LogEntry(good)).toBeUndefined();
    expect(pop3TranscriptLines(good)).toEqual(['S: +OK 2 320']);
    expect(pop3TranscriptLines(bad)).toEqual(['S: -ERR [AUTH] Authentication failed.']);
  });

  it('announces multi-line data in the transcript without copying it', () => {
    const retr = {
      type: 'reply',
      ok: true,
      text: '120 octets',
      multiline: true,
      explanation: why,
    } as const;
    expect(pop3TranscriptLines(retr)).toEqual([
      'S: +OK 120 octets',
      'S: (multi-line data follows, ended by ".")',
    ]);
  });

  it('records what UPDATE did', () => {
    expect(pop3LogEntry({ type: 'update', deleted: [1, 3], ok: true })).toEqual({
      event: 'update',
      fields: { ok: true, deleted: '1,3', reason: undefined },
    });
    expect(
      pop3TranscriptLines({ type: 'update', deleted: [], ok: false, reason: 'disk full' }),
    ).toEqual(['* update failed: disk full; nothing deleted']);
  });

  it('keeps state changes and marks out of the log but in the transcript', () => {
    const change = {
      type: 'state-changed',
      from: 'AUTHORIZATION',
      to: 'TRANSACTION',
      explanation: why,
    } as const;
    expect(pop3LogEntry(change)).toBeUndefined();
    expect(pop3TranscriptLines(change)).toEqual([
      '* state AUTHORIZATION -> TRANSACTION (RFC 1939 §5)',
    ]);
    expect(pop3TranscriptLines({ type: 'marked-deleted', msg: 2 })).toEqual([
      '* message 2 marked as deleted',
    ]);
  });
});
