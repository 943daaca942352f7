import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/messages';
import { transcriptToMarkdown, transcriptToText } from '../src/lab/transcript';
import { ADA_MBOX } from './support/fixture-mail';
import { createLabHarness, type LabHarness } from './support/lab-harness';

let h: LabHarness;
afterEach(() => h?.stop());

async function login(harness: LabHarness) {
  await harness.type('telnet localhost 110');
  await harness.type('user ada');
  await harness.type('pass lovelace');
}

describe('the lab as the views see it', () => {
  it('follows the session through AUTHORIZATION, TRANSACTION and its end', async () => {
    h = await createLabHarness();
    await h.type('telnet localhost 110');
    const session = h.lab.latestSession;
    expect(session?.state).toBe('AUTHORIZATION');
    await h.type('user ada');
    await h.type('pass lovelace');
    expect(session).toMatchObject({
      state: 'TRANSACTION',
      user: 'ada',
      holding: 'ada',
      open: true,
    });
    await h.type('quit');
    expect(session).toMatchObject({
      state: 'UPDATE',
      holding: undefined,
      open: false,
      closedBy: 'server',
    });
  });

  it('inspects a mailbox: numbers, UIDs, sizes as LIST gives them, decoded subjects and senders', async () => {
    h = await createLabHarness();
    const idle = await h.lab.mailbox('ada');
    expect(idle.heldBy).toBeUndefined();
    expect(idle.messages.map((m) => [m.number, m.subject, m.from])).toEqual([
      [1, 'Réunion on Monday', 'Town Clerk <clerk@example.test>'],
      [2, 'Engine notes', 'babbage@example.test'],
    ]);
    await login(h);
    await h.type('list');
    const listed = [...h.text.matchAll(/^([12]) (\d+)$/gm)].map((m) => Number(m[2]));
    await h.type('uidl');
    const uids = [...h.text.matchAll(/^([12]) (\S{8,})$/gm)].map((m) => m[2]);
    await h.type('dele 2');
    const held = await h.lab.mailbox('ada');
    expect(held.heldBy).toBe(h.lab.latestSession?.id);
    expect(held.messages.map((m) => m.size)).toEqual(listed);
    expect(held.messages.map((m) => m.uid)).toEqual(uids);
    expect([...held.deleted]).toEqual([2]);
    await h.type('rset');
    expect([...(await h.lab.mailbox('ada')).deleted]).toEqual([]);
  });

  it('shows the raw mbox, pseudo-message included, and its change after QUIT', async () => {
    h = await createLabHarness();
    const before = await h.lab.rawView('ada');
    expect(before.kind === 'mbox' && before.file.text).toBe(ADA_MBOX);
    await login(h);
    await h.type('dele 1');
    expect(await h.lab.rawView('ada')).toEqual(before);
    await h.type('quit');
    const after = await h.lab.rawView('ada');
    expect(after.kind === 'mbox' && after.file.text).toContain('FOLDER INTERNAL DATA');
    expect(after.kind === 'mbox' && after.file.text).not.toContain('Town Clerk');
    expect(h.lab.lastUpdate).toMatchObject({ user: 'ada', deleted: 1 });
    await h.type('cat /var/spool/mail/ada');
    expect(h.text).toContain('Engine notes');
  });

  it('reset closes connections and restores the mailboxes', async () => {
    h = await createLabHarness();
    await login(h);
    await h.type('dele 1');
    await h.type('quit');
    h.term.type('reset\r');
    await h.settle();
    expect(h.text).toContain('Samples restored');
    const raw = await h.lab.rawView('ada');
    expect(raw.kind === 'mbox' && raw.file.text).toBe(ADA_MBOX);
    expect(await h.lab.users()).toEqual(['ada', 'bob']);
  });

  it('a login waits for an inspector look at the same mailbox instead of failing IN-USE', async () => {
    h = await createLabHarness();
    const look = h.lab.mailbox('ada');
    await login(h);
    await look;
    expect(h.text).toContain('+OK Logged in.');
  });

  it('keeps an annotated transcript with masked passwords, as text and Markdown', async () => {
    h = await createLabHarness();
    await login(h);
    await h.type('top 2 0');
    await h.type('quit');
    const entries = h.lab.transcript.entries;
    const kinds = entries.map((e) =>
      e.kind === 'note' ? `note:${e.message}` : `${e.kind}:${e.text.slice(0, 12)}`,
    );
    expect(kinds[0]).toBe('note:ui.transcript.connected');
    expect(kinds).toContain('client:user ada');
    expect(kinds.at(-1)).toBe('note:ui.transcript.closedByServer');
    const pass = entries.find(
      (e) => e.kind === 'client' && e.text.toLowerCase().startsWith('pass'),
    );
    expect(pass?.kind === 'client' && pass.text).not.toContain('lovelace');
    const top = entries.find((e) => e.kind === 'server' && e.multiline);
    expect(top?.kind === 'server' && top.body).toContain('Subject: Engine notes');
    expect(top?.kind === 'server' && top.explanation?.rfc).toMatch(/^RFC 1939/);

    const t = translator(() => 'en');
    const text = transcriptToText(entries, 'en', t);
    expect(text).toMatch(/^C: user ada$/m);
    expect(text).toMatch(/^S: \+OK Logged in\.$\n {6}↳ .+ \[RFC \d+/m);
    const md = transcriptToMarkdown(
      entries,
      'fr',
      translator(() => 'fr'),
    );
    expect(md).toMatch(/^# Transcription POP3 Lab$/m);
    expect(md).toMatch(/^- \*\*C:\*\* `user ada`$/m);
    expect(md).toMatch(
      /\n {2}```\n( {2}.*\n)* {2}Subject: Engine notes\n( {2}.*\n)* {2}\.\n {2}```\n/,
    );
  });
});
