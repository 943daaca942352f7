import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionHost, ListenError, type ConnectionContext } from '../src/connection-host';
import type { ConnectionSummary } from '../src/connection-driver';
import { generateCredentials, secureContextFor, type TlsCredentials } from '../src/tls-credentials';
import { LineClient } from './support/line-client';
import { newToyStats, toyService, type ToyStats } from './support/toy-service';

let credentials: TlsCredentials;
beforeAll(async () => {
  credentials = await generateCredentials();
});

let host: ConnectionHost | undefined;
afterEach(async () => {
  await host?.close(1_000);
  host = undefined;
});

interface Started {
  host: ConnectionHost;
  plain: number;
  tls: number;
  stats: ToyStats;
  summaries: ConnectionSummary[];
  contexts: ConnectionContext[];
  rejected: string[];
}

async function start(
  options: { idleTimeoutMs?: number; maxConnections?: number; events?: unknown[] } = {},
): Promise<Started> {
  const stats = newToyStats();
  const summaries: ConnectionSummary[] = [];
  const contexts: ConnectionContext[] = [];
  const rejected: string[] = [];
  host = new ConnectionHost({
    idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
    maxConnections: options.maxConnections ?? 10,
    secureContext: secureContextFor(credentials),
    refusal: () => new TextEncoder().encode('-ERR busy\r\n'),
    observe: (context) => {
      contexts.push(context);
      const events = options.events;
      return {
        closed: (summary) => summaries.push(summary),
        ...(events === undefined ? {} : { event: (event: unknown) => events.push(event) }),
      };
    },
    rejected: (event) => rejected.push(event.reason),
  });
  const service = toyService(stats);
  const plain = await host.listen({ service, host: '127.0.0.1', port: 0, security: 'upgradable' });
  const tls = await host.listen({ service, host: '127.0.0.1', port: 0, security: 'implicit' });
  return { host, plain: plain.port, tls: tls.port, stats, summaries, contexts, rejected };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('ConnectionHost with a protocol it knows nothing about', () => {
  it('carries lines both ways and closes when the session says so', async () => {
    const s = await start();
    const client = await LineClient.open({ port: s.plain });
    expect(await client.line()).toBe('+OK toy ready');
    expect(await client.command('ECHO hello there')).toBe('hello there');
    expect(await client.command('WHO')).toBe('tls=available loopback=true');
    expect(await client.command('BYE')).toBe('+OK bye');
    await client.waitClosed();
    await until(() => s.summaries.length === 1);
    expect(s.summaries[0]).toMatchObject({ outcome: 'completed', tls: undefined });
    expect(s.summaries[0]?.bytesIn).toBe('ECHO hello there\r\nWHO\r\nBYE\r\n'.length);
  });

  it('asks the session for events only when the observer takes them', async () => {
    const quiet = await start();
    const client = await LineClient.open({ port: quiet.plain });
    await client.line();
    expect(await client.command('EVENTS')).toBe('events=false');
    client.close();
    await host?.close(1_000);
    const observed = await start({ events: [] });
    const watched = await LineClient.open({ port: observed.plain });
    await watched.line();
    expect(await watched.command('EVENTS')).toBe('events=true');
    watched.close();
  });

  it('upgrades the same connection to TLS when the session asks (STLS)', async () => {
    const s = await start();
    const client = await LineClient.open({ port: s.plain });
    await client.line();
    expect(await client.command('TLS')).toBe('+OK go ahead');
    const secure = await client.startTls(credentials.certPem);
    expect(['TLSv1.2', 'TLSv1.3']).toContain(secure.getProtocol());
    expect(await client.command('ECHO over tls')).toBe('over tls');
    expect(await client.command('BYE')).toBe('+OK bye');
    await until(() => s.summaries.length === 1);
    expect(s.summaries[0]?.tls).toMatch(/^TLSv1\.[23]$/);
  });

  it('never hands bytes sent after the TLS request to the session as plain text', async () => {
    const s = await start();
    const client = await LineClient.open({ port: s.plain });
    await client.line();
    // Pipelined with the request: a command injection attempt. It must not be executed.
    client.write('TLS\r\nECHO injected\r\n');
    expect(await client.line()).toBe('+OK go ahead');
    await client.startTls(credentials.certPem);
    expect(await client.command('ECHO after')).toBe('after');
    client.close();
    await until(() => s.summaries.length === 1);
    expect(s.stats.endReasons).toEqual(['closed']);
  });

  it('serves implicit TLS from the first byte, TLS 1.2 at least', async () => {
    const s = await start();
    const client = await LineClient.open({ port: s.tls, tlsCa: credentials.certPem });
    expect(await client.line()).toBe('+OK toy ready');
    expect(await client.command('WHO')).toBe('tls=active loopback=true');
    client.close();
    await until(() => s.summaries.length === 1);
    expect(s.contexts[0]?.security).toBe('implicit');
  });

  it('refuses a TLS 1.1 client', async () => {
    const { connect } = await import('node:tls');
    const s = await start();
    const socket = connect({
      port: s.tls,
      host: '127.0.0.1',
      ca: credentials.certPem,
      servername: 'localhost',
      maxVersion: 'TLSv1.1',
      minVersion: 'TLSv1',
    });
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
    expect(error).toBeInstanceOf(Error);
    await until(() => s.rejected.includes('tls-handshake'));
  });

  it('ends an idle connection with reason "timeout"', async () => {
    const s = await start({ idleTimeoutMs: 200 });
    const client = await LineClient.open({ port: s.plain });
    await client.line();
    const started = Date.now();
    await client.waitClosed(3_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await until(() => s.summaries.length === 1);
    expect(s.summaries[0]?.outcome).toBe('timeout');
    expect(s.stats.endReasons).toEqual(['timeout']);
  });

  it('reports a peer that disappears as "closed"', async () => {
    const s = await start();
    const client = await LineClient.open({ port: s.plain });
    await client.line();
    client.close();
    await until(() => s.summaries.length === 1);
    expect(s.summaries[0]?.outcome).toBe('closed');
  });

  it('pulls output only as fast as a slow reader takes it (back-pressure)', async () => {
    const s = await start();
    const socket = connect({ host: '127.0.0.1', port: s.plain });
    await once(socket, 'connect');
    const chunk = 64 * 1024;
    const count = 512; // 32 MiB in all, far more than any socket buffer
    socket.pause();
    socket.write(`BIG ${count} ${chunk}\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const pulledWhilePaused = s.stats.chunksPulled;
    // Kernel and stream buffers on loopback hold a few MiB at most; the rest was never produced.
    expect(pulledWhilePaused).toBeGreaterThan(0);
    expect(pulledWhilePaused * chunk).toBeLessThan(12 * 1024 * 1024);
    let received = 0;
    socket.on('data', (data: Buffer) => (received += data.length));
    socket.resume();
    const greeting = '+OK toy ready\r\n'.length;
    await until(() => received >= greeting + count * chunk, 15_000);
    expect(received).toBe(greeting + count * chunk);
    expect(s.stats.chunksPulled).toBe(count);
    socket.destroy();
  });

  it('turns away connections over the limit with the refusal bytes', async () => {
    const s = await start({ maxConnections: 1 });
    const first = await LineClient.open({ port: s.plain });
    await first.line();
    const second = await LineClient.open({ port: s.plain });
    expect(await second.line()).toBe('-ERR busy');
    await second.waitClosed();
    expect(s.rejected).toEqual(['limit']);
    first.close();
    await until(() => s.host.connections === 0);
    const third = await LineClient.open({ port: s.plain });
    expect(await third.line()).toBe('+OK toy ready');
    third.close();
  });

  it('on close: ends idle sessions, lets a commit in progress finish, stops listening', async () => {
    const s = await start();
    const idle = await LineClient.open({ port: s.plain });
    await idle.line();
    const committing = await LineClient.open({ port: s.plain });
    await committing.line();
    committing.send('COMMIT 300');
    await until(() => s.contexts.length === 2 && s.stats.endReasons.length === 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = s.host.close(5_000);
    await idle.waitClosed();
    expect(await committing.line()).toBe('+OK committed');
    await closing;
    expect(s.stats.committed).toBe(1);
    expect(s.stats.endReasons).toContain('shutdown');
    await expect(LineClient.open({ port: s.plain })).rejects.toThrow();
    host = undefined;
  });

  it('says plainly when a port is already in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      host = new ConnectionHost({ idleTimeoutMs: 1_000, maxConnections: 1 });
      const service = toyService(newToyStats());
      await expect(
        host.listen({ service, host: '127.0.0.1', port, security: 'plain' }),
      ).rejects.toThrow(
        new ListenError(`cannot listen on 127.0.0.1:${port}: the port is already in use`),
      );
    } finally {
      blocker.close();
    }
  });
});
