/** The objective vocabulary: each kind of check as written, and what a wrong one says. */
import { describe, expect, it } from 'vitest';
import { parseCheck, type Check } from '../src/index';

function check(text: string): Check {
  const result = parseCheck(text);
  if (!result.ok) throw new Error(result.message);
  return result.check;
}

function problem(text: string): string {
  const result = parseCheck(text);
  if (result.ok) throw new Error(`"${text}" parsed`);
  return result.message;
}

describe('checks as written in a lab', () => {
  it.each<[string, Check]>([
    ['connect', { kind: 'connect' }],
    ['connect port=995 tls=yes', { kind: 'connect', port: 995, tls: true }],
    ['send STAT', { kind: 'send', keyword: 'STAT', args: { kind: 'any' } }],
    [
      'send top 2 0 reply=ok',
      { kind: 'send', keyword: 'TOP', args: { kind: 'exact', args: ['2', '0'] }, reply: 'ok' },
    ],
    ['send LIST args=none', { kind: 'send', keyword: 'LIST', args: { kind: 'none' } }],
    [
      'send PASS reply=err code=in-use user=chris',
      {
        kind: 'send',
        keyword: 'PASS',
        args: { kind: 'any' },
        reply: 'err',
        code: 'IN-USE',
        user: 'chris',
      },
    ],
    ['login', { kind: 'login', ok: true }],
    ['login user=chris via=apop ok=no', { kind: 'login', ok: false, user: 'chris', via: 'APOP' }],
    ['reply code=IN-USE', { kind: 'reply', code: 'IN-USE' }],
    ['reply ok=no', { kind: 'reply', ok: false }],
    ['tls via=stls', { kind: 'tls', via: 'stls' }],
    [
      'update user=flooded deleted>=300',
      { kind: 'update', user: 'flooded', deleted: { op: '>=', value: 300 } },
    ],
    ['hangup user=chris', { kind: 'hangup', user: 'chris' }],
    ['state transaction user=alice', { kind: 'state', state: 'TRANSACTION', user: 'alice' }],
    [
      'mailbox alice empty',
      {
        kind: 'mailbox',
        user: 'alice',
        count: { op: '=', value: 0 },
        hasSubject: [],
        lacksSubject: [],
      },
    ],
    [
      `mailbox chris count<=2 has-subject="System Events" has-subject=Fail2Ban lacks-subject='Essai'`,
      {
        kind: 'mailbox',
        user: 'chris',
        count: { op: '<=', value: 2 },
        hasSubject: ['System Events', 'Fail2Ban'],
        lacksSubject: ['Essai'],
      },
    ],
    [
      'shell cat /var/spool/mail/chris',
      { kind: 'shell', program: 'cat', args: ['/var/spool/mail/chris'] },
    ],
    ['avoid retr', { kind: 'avoid', keyword: 'RETR' }],
  ])('%s', (text, expected) => {
    expect(check(text)).toEqual(expected);
  });
});

describe('a wrong check says what is wrong', () => {
  it.each<[string, RegExp]>([
    ['', /empty/],
    ['port=110', /starts with its kind/],
    ['sned STAT', /unknown check "sned" \(did you mean "send"\?\); the kinds are connect, send/],
    ['send', /"send" needs a POP3 command/],
    ['send STATS', /"STATS" is not a POP3 command \(did you mean "STAT"\?\)/],
    ['send LIST args=some', /args= takes "none" or "any"/],
    ['send LIST 1 args=none', /cannot go together/],
    ['send STAT reply=yes', /reply=yes is not allowed; use one of ok, err/],
    ['send STAT reply=ok 3', /"3" comes after a key=value option/],
    ['connect port=http', /port must be a whole number/],
    ['connect port=70000', /not a TCP port/],
    ['connect tls=maybe', /use tls=yes or tls=no/],
    ['connect port>=100', /"port" takes "="/],
    ['login via=SMTP', /via=SMTP is not allowed/],
    ['reply', /needs ok=yes, ok=no or code=/],
    ['reply code=BUSY', /code=BUSY is not allowed.*IN-USE/],
    ['state OPEN', /"OPEN" is not a POP3 state/],
    ['mailbox', /needs a user name/],
    ['mailbox alice', /needs empty, count=/],
    ['mailbox alice full', /does not take "full"; did you mean "empty"/],
    ['mailbox alice empty count=1', /cannot go together/],
    ['update deleted=', /needs a value after "="/],
    ['update deleted=many', /deleted must be a whole number/],
    ['update user=a user=b', /"user" is given twice/],
    ['hangup now', /does not take "now"/],
    ['tls via=ssl', /via=ssl is not allowed.*; use one of stls, implicit/],
    ['mailbox alice has-subject="open', /never closed/],
    ['shell', /needs a program name/],
    ['login color=red', /"login" has no option "color"; its options are user, via, ok/],
  ])('%s', (text, message) => {
    expect(problem(text)).toMatch(message);
  });
});
