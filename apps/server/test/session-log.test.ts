import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionContext } from '../src/connection-host';
import { SessionLog, visible } from '../src/session-log';

type Note = { kind: 'said'; text: string };

const context: ConnectionContext = {
  id: 7,
  service: 'toy',
  security: 'upgradable',
  info: { remoteAddress: '::ffff:127.0.0.1', loopback: true, tls: 'available', localPort: 1110 },
  remotePort: 50000,
};
const clock = () => new Date('2025-03-01T10:00:00.000Z');

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('SessionLog', () => {
  it('writes connect, described events, TLS and close as logfmt lines tagged with the session', () => {
    const lines: string[] = [];
    const log = new SessionLog<Note>({
      write: (line) => lines.push(line),
      describe: (note) => ({
        event: note.text === 'hi' ? 'login' : 'said',
        fields: { user: 'ana' },
      }),
      transcribe: () => [],
      now: clock,
    });
    const observer = log.observe(context);
    observer.event?.({ kind: 'said', text: 'hi' });
    observer.secured?.({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
    observer.closed?.({
      outcome: 'completed',
      bytesIn: 10,
      bytesOut: 20,
      durationMs: 5,
      tls: 'TLSv1.3',
      error: undefined,
    });
    log.rejected({ service: 'toy', remoteAddress: '192.0.2.1', localPort: 1110, reason: 'limit' });
    const t = 'time=2025-03-01T10:00:00.000Z';
    expect(lines).toEqual([
      `${t} event=connect session=7 service=toy peer=[::ffff:127.0.0.1]:50000 port=1110 tls=available`,
      `${t} event=login session=7 user=ana`,
      `${t} event=tls session=7 protocol=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384`,
      `${t} event=close session=7 outcome=completed user=ana bytes_in=10 bytes_out=20 duration_ms=5 tls=TLSv1.3`,
      `${t} event=rejected service=toy peer=192.0.2.1 port=1110 reason=limit`,
    ]);
  });

  it('words nothing when there is neither a log output nor a transcript directory', () => {
    const worded: string[] = [];
    const log = new SessionLog<Note>({
      describe: (note) => (worded.push(`describe ${note.text}`), undefined),
      transcribe: (note) => (worded.push(`transcribe ${note.text}`), []),
      now: clock,
    });
    const observer = log.observe(context);
    // No callback at all: the host then asks the session for no events.
    expect(observer.event).toBeUndefined();
    observer.event?.({ kind: 'said', text: 'hi' });
    expect(worded).toEqual([]);
  });

  it('writes a private transcript file per session, one line per note', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pop3-lab-transcripts-'));
    const log = new SessionLog<Note>({
      transcriptDir: dir,
      describe: () => undefined,
      transcribe: (note) => [`C: ${note.text}`],
      now: clock,
    });
    const observer = log.observe(context);
    observer.event?.({ kind: 'said', text: 'user ana\r\u0000' });
    observer.closed?.({
      outcome: 'timeout',
      bytesIn: 1,
      bytesOut: 2,
      durationMs: 3,
      tls: undefined,
      error: undefined,
    });
    await log.flush();
    const [file] = await readdir(dir);
    expect(file).toBe('toy-2025-03-01T10-00-00-000Z-000007.log');
    const text = await readFile(join(dir, file!), 'utf8');
    expect(text.split('\n')).toEqual([
      '2025-03-01T10:00:00.000Z * connection from [::ffff:127.0.0.1]:50000 to port 1110 (upgradable)',
      '2025-03-01T10:00:00.000Z C: user ana\\r\\x00',
      '2025-03-01T10:00:00.000Z * closed (timeout); 1 octets in, 2 out',
      '',
    ]);
  });
});

describe('visible', () => {
  it('escapes control characters but keeps tabs and text', () => {
    expect(visible('a\tb\r\n\u0000\u007fé')).toBe('a\tb\\r\\n\\x00\\x7fé');
  });
});
