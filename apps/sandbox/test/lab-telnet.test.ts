import { afterEach, describe, expect, it } from 'vitest';
import { createLabHarness, type LabHarness } from './support/lab-harness';

let h: LabHarness;
afterEach(() => h?.stop());

/** The text printed after the last occurrence of `marker`. */
function after(text: string, marker: string): string {
  return text.slice(text.lastIndexOf(marker) + marker.length);
}

describe('telnet to the in-page server', () => {
  it('shows the banners, logs in and lists, then closes on QUIT', async () => {
    h = await createLabHarness();
    await h.type('telnet localhost 110');
    expect(h.text).toContain(
      "Trying 127.0.0.1...\nConnected to localhost.\nEscape character is '^]'.\n+OK",
    );
    await h.type('user ada');
    await h.type('pass lovelace');
    await h.type('stat');
    expect(after(h.text, 'stat\n')).toMatch(/^\+OK 2 \d+$/);
    await h.type('list');
    expect(after(h.text, 'list\n')).toMatch(/^\+OK 2 messages.*\n1 \d+\n2 \d+\n\.$/);
    await h.type('quit');
    expect(after(h.text, 'quit\n')).toMatch(
      /^\+OK .*\nConnection closed by foreign host\.\nstudent@pop3-lab:~\$$/,
    );
  });

  it('Ctrl-] then quit leaves without QUIT, so nothing is deleted', async () => {
    h = await createLabHarness();
    await h.type('telnet localhost 110');
    await h.type('user ada');
    await h.type('pass lovelace');
    await h.type('dele 1');
    expect(h.lab.latestSession?.deleted).toEqual(new Set([1]));
    h.term.type('\x1d');
    await h.settle();
    expect(h.text.endsWith('^]\ntelnet>')).toBe(true);
    await h.type('quit');
    expect(after(h.text, 'telnet> quit\n')).toMatch(/^Connection closed\.\n/);
    await h.type('telnet localhost 110');
    await h.type('user ada');
    await h.type('pass lovelace');
    await h.type('stat');
    expect(after(h.text, 'stat\n')).toMatch(/^\+OK 2 /);
  });

  it('answers an unknown host and a closed port at once', async () => {
    h = await createLabHarness();
    await h.type('telnet pop.nowhere.invalid 110');
    expect(h.text).toContain(
      'telnet: could not resolve pop.nowhere.invalid/110: Name or service not known',
    );
    await h.type('telnet localhost 143');
    expect(h.text).toContain(
      'Trying 127.0.0.1...\ntelnet: Unable to connect to remote host: Connection refused',
    );
    await h.type('telnet mail.example.test pop3');
    expect(h.text).toContain('Connected to mail.example.test.');
  });

  it('after STLS, plain text breaks the connection and says why', async () => {
    h = await createLabHarness();
    await h.type('telnet localhost 110');
    await h.type('stls');
    expect(after(h.text, 'stls\n')).toMatch(/^\+OK/);
    await h.type('user ada');
    expect(after(h.text, 'user ada\n')).toMatch(
      /^Connection closed by foreign host\.\nAfter \+OK to STLS/,
    );
    const notes = h.lab.transcript.entries
      .filter((e) => e.kind === 'note')
      .map((e) => e.kind === 'note' && e.message);
    expect(notes).toContain('ui.transcript.tlsViolation');
  });

  it('port 995 waits for a TLS handshake: typing text there gets the connection dropped', async () => {
    h = await createLabHarness();
    await h.type('telnet localhost 995');
    expect(h.text.endsWith("Escape character is '^]'.")).toBe(true);
    await h.type('user ada');
    expect(h.text).toContain(
      'Connection closed by foreign host.\nPort 995 speaks TLS from the first byte',
    );
  });

  it('runs a piped script and shows the answers', async () => {
    h = await createLabHarness();
    await h.type("printf 'USER ada\\nPASS lovelace\\nUIDL\\nQUIT\\n' | telnet localhost 110");
    await new Promise((r) => setTimeout(r, 50));
    await h.settle();
    expect(h.text).toMatch(
      /\n\+OK[^\n]*\n1 \S+\n2 \S+\n\.\n\+OK [^\n]*\nConnection closed by foreign host\.\n/,
    );
  });
});

describe('nc and openssl', () => {
  it('nc sends bare LF line ends, which the server accepts', async () => {
    h = await createLabHarness();
    await h.type('nc -v localhost 110');
    expect(h.text).toContain('Connection to localhost 110 port [tcp/pop3] succeeded!\n+OK');
    await h.type('capa');
    expect(after(h.text, 'capa\n')).toMatch(/^\+OK/);
    h.term.type('\x04');
    await h.settle();
    expect(h.lab.latestSession?.open).toBe(false);
    expect(h.lab.latestSession?.closedBy).toBe('client');
  });

  it('openssl s_client -connect :995 prints a handshake summary, then the greeting', async () => {
    h = await createLabHarness();
    await h.type('openssl s_client -connect localhost:995');
    expect(h.text).toMatch(
      /CONNECTED\(00000003\)\n[\s\S]*New, TLSv1\.3, Cipher is TLS_AES_256_GCM_SHA384[\s\S]*---\n[\s\S]*\+OK/,
    );
    await h.type('user ada');
    await h.type('pass lovelace');
    expect(after(h.text, 'pass lovelace\n')).toMatch(/^\+OK/);
    expect(h.lab.latestSession?.tls).toBe('secure');
    await h.type('quit');
    expect(after(h.text, 'quit\n')).toMatch(/^\+OK[^\n]*\nclosed\n/);
  });

  it('openssl s_client -starttls pop3 upgrades port 110 and hides the pre-TLS exchange', async () => {
    h = await createLabHarness();
    await h.type('openssl s_client -starttls pop3 -connect localhost:110');
    expect(h.text).not.toContain('+OK POP3');
    expect(h.text).toContain('Verify return code: 18 (self-signed certificate)');
    await h.type('capa');
    expect(after(h.text, 'capa\n')).toMatch(/^\+OK[\s\S]*\n\.$/);
    expect(after(h.text, 'capa\n')).not.toMatch(/\nSTLS\n/);
    await h.type('Q');
    expect(after(h.text, 'Q\n')).toMatch(/^DONE\n/);
  });

  it('openssl s_client against a plain-text port fails as a real handshake would', async () => {
    h = await createLabHarness();
    await h.type('openssl s_client -connect localhost:110');
    expect(h.text).toContain('wrong version number');
  });
});

describe('client commands: the rest of their behaviour', () => {
  it('nc sends a piped script as it is and prints the answers', async () => {
    h = await createLabHarness();
    await h.type("printf 'CAPA\\r\\nQUIT\\r\\n' | nc localhost 110");
    await new Promise((r) => setTimeout(r, 50));
    await h.settle();
    expect(h.text).toMatch(
      /\n\+OK[^\n]*\n(?:[A-Z0-9-]+(?: [^\n]*)?\n)+\.\n\+OK[^\n]*\nstudent@pop3-lab:~\$$/,
    );
  });

  it('telnet without a host, or with a bad port, answers with usage or an error', async () => {
    h = await createLabHarness();
    await h.type('telnet');
    expect(h.text).toContain('usage: telnet HOST [PORT]');
    await h.type('telnet localhost nope');
    expect(h.text).toContain(
      'telnet: could not resolve localhost/nope: Servname not supported for ai_socktype',
    );
    await h.type('nc localhost');
    expect(h.text).toContain('usage: nc [-Cv] HOST PORT');
    await h.type('nc localhost 25');
    expect(h.text).toContain('nc: connect to localhost port 25 (tcp) failed: Connection refused');
    await h.type('openssl s_client -connect nowhere.invalid:995');
    expect(h.text).toContain('BIO_lookup_ex: nowhere.invalid: Name or service not known');
    await h.type('openssl x509');
    expect(h.text).toContain("Invalid command 'x509'");
  });

  it('Ctrl-C inside telnet says how to leave, once', async () => {
    h = await createLabHarness();
    await h.type('telnet localhost 110');
    h.term.type('\x03');
    await h.settle();
    h.term.type('\x03');
    await h.settle();
    expect(h.text.match(/Ctrl-] then type quit/g)).toHaveLength(1);
    expect(h.lab.latestSession?.open).toBe(true);
  });

  it('Ctrl-C stops a command waiting on a pipe-less nc and the prompt comes back', async () => {
    h = await createLabHarness();
    await h.type('nc localhost 110');
    h.term.type('\x03');
    await h.settle();
    expect(h.text).toMatch(/\^C\nstudent@pop3-lab:~\$$/);
    expect(h.lab.latestSession?.closedBy).toBe('client');
  });
});

describe('APOP by hand, in one terminal', () => {
  it("telnet's ! runs md5sum on the greeting's timestamp and the secret (RFC 1939 §7)", async () => {
    h = await createLabHarness();
    await h.type('telnet localhost 110');
    const timestamp = /<[^>]+@[^>]+>/.exec(h.text)?.[0];
    expect(timestamp).toBeDefined();
    h.term.type('\x1d');
    await h.settle();
    await h.type(`! echo -n '${timestamp}lovelace' | md5sum`);
    const digest = /^([0-9a-f]{32}) {2}-$/m.exec(h.text)?.[1];
    expect(digest).toBeDefined();
    await h.type(`apop ada ${digest}`);
    expect(after(h.text, `apop ada ${digest}\n`)).toMatch(/^\+OK/);
    expect(h.lab.latestSession?.state).toBe('TRANSACTION');
  });
});
