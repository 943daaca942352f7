import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../../src';
import { chrisMessages, connect, lab, loggedIn } from './harness';

const capaLines = (reply: string) => reply.split('\r\n').slice(1, -2);

describe('CAPA (RFC 2449 §5)', () => {
  test('lists what is on, ended by "."', async () => {
    const { driver } = await connect({ tls: 'available' });
    expect(await driver.command('CAPA')).toBe(
      [
        '+OK Capability list follows',
        'TOP',
        'USER',
        'SASL PLAIN LOGIN CRAM-MD5',
        'RESP-CODES',
        'AUTH-RESP-CODE',
        'PIPELINING',
        'UIDL',
        'EXPIRE NEVER',
        'STLS',
        'UTF8',
        'LANG',
        'IMPLEMENTATION POP3-Lab',
        '.',
        '',
      ].join('\r\n'),
    );
  });

  test('is valid in both states; STLS is gone after login', async () => {
    const { driver } = await loggedIn({ tls: 'available' });
    const lines = capaLines(await driver.command('CAPA'));
    expect(lines).not.toContain('STLS');
    expect(lines).toContain('TOP');
    expect(lines).toContain('SASL PLAIN LOGIN CRAM-MD5');
  });

  test('drops what is switched off, and follows the options', async () => {
    const { driver } = await connect({
      disabled: ['TOP', 'UIDL', 'PIPELINING', 'LANG'],
      expire: 30,
      implementation: 'Lab-2',
    });
    const lines = capaLines(await driver.command('CAPA'));
    expect(lines).not.toContain('TOP');
    expect(lines).not.toContain('UIDL');
    expect(lines).not.toContain('PIPELINING');
    expect(lines).not.toContain('LANG');
    expect(lines).toContain('EXPIRE 30');
    expect(lines).toContain('IMPLEMENTATION Lab-2');
  });

  test('a switched-off command answers like an unknown one, with its own explanation', async () => {
    const { driver } = await loggedIn({ disabled: ['TOP'] });
    expect(await driver.command('TOP 1 0')).toBe('-ERR Unknown command: TOP\r\n');
    const reply = driver.eventsOf('reply').at(-1)!;
    expect(reply.explanation.en).toMatch(/switched off/);
  });

  test('without RESP-CODES no response code is sent (RFC 2449 §8)', async () => {
    const { driver } = await connect({ disabled: ['RESP-CODES'] });
    await driver.command('USER chris');
    expect(await driver.command('PASS wrong')).toBe('-ERR Authentication failed.\r\n');
  });

  test('without AUTH-RESP-CODE, [AUTH] is not sent but other codes are (RFC 3206 §6)', async () => {
    const store = createMemoryStore({ chris: chrisMessages });
    await loggedIn({ store });
    const { driver } = await connect({ store, disabled: ['AUTH-RESP-CODE'] });
    expect(capaLines(await driver.command('CAPA'))).not.toContain('AUTH-RESP-CODE');
    await driver.command('USER chris');
    expect(await driver.command('PASS wrong')).toBe('-ERR Authentication failed.\r\n');
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toMatch(/^-ERR \[IN-USE\] /);
  });
});

describe('STLS (RFC 2595 §4)', () => {
  test('+OK, then the driver is asked to start TLS, and the capabilities change', async () => {
    const { driver } = await connect({ tls: 'available', allowPlaintextAuth: false });
    expect(capaLines(await driver.command('CAPA'))).toContain('STLS');
    expect(await driver.command('STLS')).toBe('+OK Begin TLS negotiation now.\r\n');
    const types = driver.actions.map((a) => (a.type === 'event' ? a.event.type : a.type));
    expect(types.slice(types.lastIndexOf('send'))).toEqual(['send', 'start-tls', 'tls-started']);

    const after = capaLines(await driver.command('CAPA'));
    expect(after).not.toContain('STLS');
    expect(after).toContain('USER');
    expect(after).toContain('SASL PLAIN LOGIN CRAM-MD5');
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe('+OK Logged in.\r\n');
  });

  test('commands sent in clear along with STLS are thrown away, not run', async () => {
    const { driver } = await connect({ tls: 'available' });
    expect(await driver.send('STLS\r\nUSER chris\r\nPASS epikoi\r\n')).toBe(
      '+OK Begin TLS negotiation now.\r\n',
    );
    expect(driver.eventsOf('error')).toMatchObject([{ kind: 'input-discarded' }]);
    expect(driver.eventsOf('command').map((c) => c.keyword)).toEqual(['STLS']);
    expect(await driver.command('PASS epikoi')).toBe(
      '-ERR No user name given: send USER first.\r\n',
    );
  });

  test('input that slips in between the +OK and the handshake is thrown away too', async () => {
    const { driver } = await connect({ tls: 'available' });
    driver.session.receive(new TextEncoder().encode('STLS\r\n'));
    await driver.pull(3); // command event, reply event, the +OK
    expect(driver.take()).toBe('+OK Begin TLS negotiation now.\r\n');
    driver.session.receive(new TextEncoder().encode('USER chris\r\n'));
    await driver.pull();
    expect(driver.actions.some((a) => a.type === 'start-tls')).toBe(true);
    expect(driver.take()).toBe('');
    expect(driver.eventsOf('error')).toMatchObject([
      { kind: 'input-discarded', reason: expect.stringMatching(/^12 octets/) },
    ]);
  });

  test('is refused when TLS is already on, when the transport cannot do it, and after UTF8', async () => {
    let { driver } = await connect({ tls: 'active' });
    expect(await driver.command('STLS')).toBe('-ERR Command not permitted when TLS active.\r\n');
    ({ driver } = await connect({ tls: 'unavailable' }));
    expect(await driver.command('STLS')).toBe('-ERR TLS is not available on this connection.\r\n');
    expect(capaLines(await driver.command('CAPA'))).not.toContain('STLS');
    ({ driver } = await connect({ tls: 'available' }));
    await driver.command('UTF8');
    expect(await driver.command('STLS')).toBe('-ERR STLS is not allowed after UTF8.\r\n');
  });

  test('a USER given before STLS is forgotten', async () => {
    const { driver } = await connect({ tls: 'available' });
    await driver.command('USER chris');
    await driver.command('STLS');
    expect(await driver.command('PASS epikoi')).toBe(
      '-ERR No user name given: send USER first.\r\n',
    );
  });
});

describe('UTF8 (RFC 6856 §2)', () => {
  const accented = 'Subject: Réunion de rentrée\nFrom: prof@lab.example\n\nÀ demain.\n';
  const bodyOnly = 'Subject: plain\n\nCafé crème.\n';

  test('outside UTF-8 mode, a message with UTF-8 headers is refused with [UTF8]', async () => {
    const { driver } = await loggedIn({
      store: createMemoryStore({ chris: [accented, bodyOnly] }),
    });
    expect(await driver.command('RETR 1')).toBe(
      '-ERR [UTF8] Message 1 has UTF-8 headers; send UTF8 before logging in.\r\n',
    );
    expect(await driver.command('TOP 1 0')).toMatch(/^-ERR \[UTF8\] /);
    expect(await driver.command('RETR 2')).toMatch(/^\+OK /);
  });

  test('a header longer than the first chunk read is checked to its end', async () => {
    const long = `X-Long: ${'a'.repeat(100_000)}\n`;
    const { driver } = await loggedIn({
      store: createMemoryStore({
        chris: [`${long}Subject: é\n\nbody\n`, `${long}Subject: e\n\nbody é\n`],
      }),
    });
    expect(await driver.command('RETR 1')).toMatch(/^-ERR \[UTF8\] /);
    expect(await driver.command('LIST 2')).toMatch(/^\+OK 2 /);
    const retr2 = await driver.command('RETR 2');
    expect(retr2).toMatch(/^\+OK /);
  });

  test('the header ends at the first empty line, wherever the octets above 0x7F are', async () => {
    const messages = [
      '\nÉcrit sans en-tête.\n', // no header at all
      'Subject: a\nX-Last: é\n\nbody\n', // in the last header line
      'Subject: a\n\né body\n', // first octet of the body
      'Subject: a\r\nX-Note: fine\r\n\r\n\r\nbody é\n', // CRLF in the file, body after two empty lines
      'Subject: ok\n', // a header and no body
      'Subject: é', // a header and no line end at all
    ];
    const { driver } = await loggedIn({ store: createMemoryStore({ chris: messages }) });
    const verdicts = [];
    for (let n = 1; n <= messages.length; n++) {
      verdicts.push((await driver.command(`RETR ${n}`)).slice(0, 4));
    }
    expect(verdicts).toEqual(['+OK ', '-ERR', '+OK ', '+OK ', '+OK ', '-ERR']);
  });

  test('after UTF8 the message is sent as it is', async () => {
    const store = createMemoryStore({ chris: [accented] });
    const { driver } = await connect({ store });
    expect(await driver.command('UTF8')).toBe('+OK UTF-8 mode enabled.\r\n');
    await driver.command('USER chris');
    await driver.command('PASS epikoi');
    expect(await driver.command('RETR 1')).toContain('Subject: Réunion de rentrée\r\n');
  });

  test('a server may be told to send such messages anyway', async () => {
    const { driver } = await loggedIn({
      store: createMemoryStore({ chris: [accented] }),
      nonAsciiHeaders: 'send',
    });
    expect(await driver.command('RETR 1')).toMatch(/^\+OK /);
  });

  test('is only valid before login and takes no argument', async () => {
    const { driver } = await connect();
    expect(await driver.command('UTF8 now')).toBe('-ERR Invalid arguments. Usage: UTF8\r\n');
  });
});

describe('LANG (RFC 6856 §3)', () => {
  test('without argument lists the languages, named in themselves in UTF-8', async () => {
    const { driver } = await connect();
    expect(await driver.command('LANG')).toBe(
      '+OK Language listing follows:\r\nen English\r\nfr Français\r\n.\r\n',
    );
  });

  test('switches reply texts to French, starting with its own reply', async () => {
    const { driver } = await connect();
    expect(await driver.command('LANG fr')).toBe(
      '+OK fr Les réponses sont maintenant en français.\r\n',
    );
    expect(await driver.command('STAT')).toBe(
      "-ERR Connectez-vous d'abord : STAT n'est valable que dans l'état TRANSACTION.\r\n",
    );
    await driver.command('USER chris');
    expect(await driver.command('PASS epikoi')).toBe('+OK Connecté.\r\n');
    expect(await driver.command('DELE 1')).toBe('+OK Marqué pour suppression.\r\n');
    expect(await driver.command('LANG en')).toBe('+OK en Replies are now in English.\r\n');
    expect(await driver.command('QUIT')).toBe('+OK Logging out, messages deleted.\r\n');
  });

  test('matches a longer range by its prefix, and "*" picks the preferred language', async () => {
    let { driver } = await connect();
    expect(await driver.command('LANG fr-CA')).toMatch(/^\+OK fr /);
    ({ driver } = await connect({ language: 'fr' }));
    expect(await driver.command('LANG *')).toMatch(/^\+OK fr /);
    ({ driver } = await connect());
    expect(await driver.command('LANG *')).toMatch(/^\+OK en /);
  });

  test('an unknown language is refused and the current one stays', async () => {
    const { driver } = await connect();
    await driver.command('LANG fr');
    expect(await driver.command('LANG de')).toBe('-ERR Langue inconnue : de\r\n');
    expect(driver.eventsOf('language-changed')).toEqual([
      { type: 'language-changed', language: 'fr' },
    ]);
  });

  test('before LANG or UTF8, replies stay ASCII: what the client typed is not echoed raw', async () => {
    const { driver } = lab();
    await driver.pull();
    driver.take();
    expect(await driver.command('STÄT')).toBe('-ERR Unknown command: ST?T\r\n');
  });
});
