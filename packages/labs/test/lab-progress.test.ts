/**
 * The objective checker, driven by facts written out by hand: what counts for a step and when,
 * state checks and their order, constraints, and saving progress.
 */
import { describe, expect, it } from 'vitest';
import type { Pop3Event } from '@pop3-lab/core';
import {
  LabProgress,
  formatLabErrors,
  parseLab,
  type LabDocument,
  type LabFact,
} from '../src/index';

const why = { rfc: 'RFC 1939 §5', en: '', fr: '' };

function makeLab(steps: string, front = ''): LabDocument {
  const text = `---
id: checker
title: Checker
language: en
level: beginner
mailboxes: samples
persona: dovecot-like
${front}---
${steps}`;
  const parsed = parseLab(text);
  if (!parsed.ok) throw new Error(formatLabErrors(parsed.errors));
  return parsed.lab;
}

function step(title: string, ...objectives: string[]): string {
  return `\n## ${title}\n\nDo it.\n\n### Objectives\n${objectives.map((o, i) => `- objective ${i + 1} \`${o}\``).join('\n')}\n\n### Hints\n- one\n- two\n`;
}

/** Facts for one connection, as a driver would report them. */
class Wire {
  constructor(
    readonly progress: LabProgress,
    readonly id = 1,
  ) {}

  open(port = 110, tls = false): this {
    this.progress.feed({ kind: 'connection-opened', connection: this.id, port, tls });
    this.event({ type: 'session-started', persona: 'dovecot-like', state: 'AUTHORIZATION' });
    return this.reply(true, 'POP3 Lab ready. <7.42@mail.example.test>');
  }

  event(event: Pop3Event): this {
    this.progress.feed({ kind: 'engine', connection: this.id, event });
    return this;
  }

  command(line: string): this {
    const [keyword = '', ...args] = line.split(' ');
    return this.event({ type: 'command', keyword: keyword.toUpperCase(), args, line });
  }

  reply(ok: boolean, text = '', code?: 'IN-USE'): this {
    return this.event({
      type: 'reply',
      ok,
      text,
      multiline: false,
      explanation: why,
      ...(code && { code }),
    });
  }

  send(line: string, ok = true): this {
    return this.command(line).reply(ok);
  }

  login(user = 'chris', mechanism: 'USER' | 'APOP' = 'USER'): this {
    this.send(`USER ${user}`).command('PASS ****');
    this.event({ type: 'auth', user, mechanism, ok: true });
    this.event({
      type: 'state-changed',
      from: 'AUTHORIZATION',
      to: 'TRANSACTION',
      explanation: why,
    });
    return this.reply(true, 'Logged in.');
  }

  quit(deleted: number[] = []): this {
    this.command('QUIT');
    this.event({ type: 'state-changed', from: 'TRANSACTION', to: 'UPDATE', explanation: why });
    this.event({ type: 'update', deleted, ok: true }).reply(true);
    return this.end('quit');
  }

  end(reason: 'quit' | 'closed'): this {
    this.event({ type: 'session-ended', reason });
    this.progress.feed({ kind: 'connection-closed', connection: this.id });
    return this;
  }
}

const statuses = (progress: LabProgress, index = progress.current) =>
  progress.status(index).objectives;

describe('the objective checker', () => {
  it('counts what happens while a step is current, and then moves on', () => {
    const progress = new LabProgress(
      makeLab(step('Log in', 'login user=chris') + step('Stat', 'send STAT reply=ok')),
    );
    const wire = new Wire(progress).open();
    wire.send('STAT', false); // before the step: does not count later
    expect(progress.current).toBe(0);
    wire.login();
    expect(progress.current).toBe(1);
    expect(progress.status(0).complete).toBe(true);
    expect(statuses(progress)).toEqual(['pending']);
    wire.send('STAT');
    expect(progress.complete).toBe(true);
    expect(progress.feed({ kind: 'shell', terminal: 1, commands: [['ls']] })).toBe(false);
  });

  it('pairs each reply with its command, and checks arguments and answers', () => {
    const progress = new LabProgress(
      makeLab(
        step(
          'Many',
          'send LIST args=none reply=ok',
          'send LIST 9 reply=err',
          'send TOP * 0 reply=ok user=chris',
        ),
      ),
    );
    const wire = new Wire(progress).open().login();
    wire.send('LIST 2');
    wire.send('LIST 9', true);
    wire.send('TOP 1 5');
    expect(statuses(progress)).toEqual(['pending', 'pending', 'pending']);
    // Pipelined: three commands, then their three replies, in order.
    wire.command('LIST').command('LIST 9').command('TOP 3 0');
    expect(statuses(progress)).toEqual(['pending', 'pending', 'pending']);
    wire.reply(true).reply(false).reply(true);
    expect(progress.complete).toBe(true);
  });

  it('tells logins apart by outcome, user and mechanism', () => {
    const progress = new LabProgress(
      makeLab(step('Auth', 'login user=chris ok=no', 'login user=chris via=APOP')),
    );
    const wire = new Wire(progress).open();
    wire.event({ type: 'auth', user: 'alice', mechanism: 'USER', ok: false });
    wire.event({ type: 'auth', user: 'chris', mechanism: 'USER', ok: true });
    expect(statuses(progress)).toEqual(['pending', 'pending']);
    wire.event({ type: 'auth', user: 'chris', mechanism: 'USER', ok: false });
    wire.event({ type: 'auth', user: 'chris', mechanism: 'APOP', ok: true });
    expect(progress.complete).toBe(true);
  });

  it('knows TLS from the start (995) from TLS after STLS', () => {
    const progress = new LabProgress(
      makeLab(step('TLS', 'tls via=stls', 'connect port=995 tls=yes', 'tls via=implicit')),
    );
    new Wire(progress, 1).open(110).send('STLS').event({ type: 'tls-started' });
    expect(statuses(progress)).toEqual(['done', 'pending', 'pending']);
    new Wire(progress, 2).open(995, true);
    expect(progress.complete).toBe(true);
  });

  it('sees a hang-up only when a logged-in session ends without QUIT', () => {
    const progress = new LabProgress(
      makeLab(step('Hang up', 'hangup user=chris', 'update deleted=2')),
    );
    new Wire(progress, 1).open().end('closed'); // not logged in
    new Wire(progress, 2).open().login().quit([1]); // QUIT, one deletion
    expect(statuses(progress)).toEqual(['pending', 'pending']);
    new Wire(progress, 3).open().login().send('DELE 1').end('closed');
    expect(statuses(progress)).toEqual(['done', 'pending']);
    new Wire(progress, 4).open().login().quit([1, 3]);
    expect(progress.complete).toBe(true);
  });

  it('checks a state only once the objectives above it are met', () => {
    const lab = makeLab(
      step('Empty', 'update user=alice', 'mailbox alice empty', 'state AUTHORIZATION'),
    );
    const progress = new LabProgress(lab);
    expect(progress.watchedMailboxes()).toEqual(['alice']);
    progress.feed({ kind: 'mailbox', user: 'alice', messages: [] });
    expect(statuses(progress)).toEqual(['pending', 'pending', 'pending']);
    new Wire(progress).open().login('alice').quit([1]);
    progress.feed({ kind: 'mailbox', user: 'alice', messages: [{ subject: 'left' }] });
    expect(statuses(progress)).toEqual(['done', 'pending', 'pending']);
    progress.feed({ kind: 'mailbox', user: 'alice', messages: [] });
    expect(statuses(progress)).toEqual(['done', 'done', 'pending']);
    new Wire(progress, 2).open();
    expect(progress.complete).toBe(true);
  });

  it('matches subjects by part, ignoring case', () => {
    const progress = new LabProgress(
      makeLab(
        step('Subjects', 'mailbox flooded count=1 has-subject="the REAL one" lacks-subject=win'),
      ),
    );
    progress.feed({
      kind: 'mailbox',
      user: 'flooded',
      messages: [{ subject: 'The real one: your badge' }, { subject: 'You WON' }],
    });
    expect(progress.complete).toBe(false);
    progress.feed({
      kind: 'mailbox',
      user: 'flooded',
      messages: [{ subject: 'The real one: your badge' }],
    });
    expect(progress.complete).toBe(true);
  });

  it('fails an avoided command, blocks the step, and lets it be retried', () => {
    const progress = new LabProgress(
      makeLab(step('No RETR', 'send TOP 1 0', 'avoid RETR') + step('Next', 'send NOOP')),
    );
    const wire = new Wire(progress).open().login();
    wire.send('RETR 1');
    expect(statuses(progress)).toEqual(['pending', 'failed']);
    wire.send('TOP 1 0');
    expect(statuses(progress)).toEqual(['done', 'failed']);
    expect(progress.current).toBe(0);
    expect(progress.remaining().map((o) => o.status)).toEqual(['failed']);
    progress.retryStep();
    expect(statuses(progress)).toEqual(['pending', 'pending']);
    wire.send('TOP 1 0');
    expect(progress.current).toBe(1);
    expect(progress.status(0).objectives).toEqual(['done', 'done']);
  });

  it('accepts a file argument given relative to where the student stands', () => {
    const progress = new LabProgress(makeLab(step('Files', 'shell cat /var/spool/mail/chris')));
    progress.feed({ kind: 'shell', terminal: 1, commands: [['cat', '/var/spool/mail/alice']] });
    progress.feed({ kind: 'shell', terminal: 1, commands: [['cat', 'mail/chris.bak']] });
    expect(progress.complete).toBe(false);
    progress.feed({
      kind: 'shell',
      terminal: 1,
      commands: [
        ['cd', '/var/spool/mail'],
        ['cat', './chris'],
      ],
    });
    expect(progress.complete).toBe(true);
  });

  it('remembers every greeting timestamp', () => {
    const progress = new LabProgress(makeLab(step('x', 'connect')));
    new Wire(progress, 1).open();
    new Wire(progress, 2).open();
    expect(progress.world.timestamps).toEqual([
      '<7.42@mail.example.test>',
      '<7.42@mail.example.test>',
    ]);
    progress.feed({
      kind: 'engine',
      connection: 3,
      event: { type: 'reply', ok: true, text: 'ready', multiline: false, explanation: why },
    });
    expect(progress.world.timestamps).toHaveLength(2);
  });

  it('reveals hints one at a time, up to the last', () => {
    const progress = new LabProgress(makeLab(step('x', 'connect')));
    expect([progress.revealHint(), progress.revealHint(), progress.revealHint()]).toEqual([
      1, 2, 2,
    ]);
    expect(progress.status(0).hintsShown).toBe(2);
  });

  it('saves and restores progress, and ignores what another lab saved', () => {
    const lab = makeLab(
      step('One', 'connect') + step('Two', 'login', 'send STAT') + step('Three', 'send QUIT'),
    );
    const progress = new LabProgress(lab);
    const wire = new Wire(progress).open().login();
    progress.revealHint();
    expect(progress.current).toBe(1);
    expect(statuses(progress)).toEqual(['done', 'pending']);
    const saved = JSON.parse(JSON.stringify(progress.save()));
    expect(saved).toEqual({
      id: 'checker',
      step: 1,
      done: [[true], [true, false], [false]],
      hints: [0, 1, 0],
    });

    const restored = new LabProgress(lab, saved);
    expect(restored.current).toBe(1);
    expect(statuses(restored)).toEqual(['done', 'pending']);
    expect(restored.status(1).hintsShown).toBe(1);
    wire.progress.feed({ kind: 'shell', terminal: 1, commands: [] });

    expect(new LabProgress(lab, { ...saved, id: 'other' }).current).toBe(0);
    expect(new LabProgress(lab, { ...saved, step: 99, hints: [-1, 50] }).complete).toBe(true);
    restored.restart();
    expect(restored.current).toBe(0);
    expect(restored.status(1).hintsShown).toBe(0);
  });

  it('goes on in the other language of the same lab, and only in it', () => {
    const en = makeLab(step('One', 'connect') + step('Two', 'send STAT'));
    const fr = makeLab(step('Un', 'connect') + step('Deux', 'send STAT'));
    const other = makeLab(step('Un', 'connect') + step('Deux', 'send LIST'));
    const progress = new LabProgress(en);
    new Wire(progress).open();
    expect(progress.translate(other)).toBe(false);
    expect(progress.translate(fr)).toBe(true);
    expect(progress.currentStep?.title).toBe('Deux');
    expect(progress.current).toBe(1);
  });

  it('takes the facts of a driver that does not report openings', () => {
    const progress = new LabProgress(makeLab(step('x', 'send NOOP reply=ok')));
    const facts: LabFact[] = [
      {
        kind: 'engine',
        connection: 9,
        event: { type: 'command', keyword: 'NOOP', args: [], line: 'NOOP' },
      },
      {
        kind: 'engine',
        connection: 9,
        event: { type: 'reply', ok: true, text: '', multiline: false, explanation: why },
      },
    ];
    facts.forEach((fact) => progress.feed(fact));
    expect(progress.complete).toBe(true);
  });
});
