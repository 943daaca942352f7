/**
 * Whether a check is met: event checks by something that just happened, state checks by the
 * world as it is now. Keywords compare case-insensitively (students type `top 2 0`); user
 * names, subjects and file arguments as described in docs/en/lab-format.md.
 */
import type { ArgsPattern, Check, Comparison } from './checks';
import type { Happening, WorldModel } from './world-model';

export function compare(actual: number, comparison: Comparison): boolean {
  switch (comparison.op) {
    case '=':
      return actual === comparison.value;
    case '>=':
      return actual >= comparison.value;
    case '<=':
      return actual <= comparison.value;
  }
}

function argsMatch(pattern: ArgsPattern, args: readonly string[]): boolean {
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'none':
      return args.length === 0;
    case 'exact':
      return (
        pattern.args.length === args.length &&
        pattern.args.every(
          (expected, index) =>
            expected === '*' || expected.toLowerCase() === args[index]?.toLowerCase(),
        )
      );
  }
}

/**
 * A shell argument matches when it is the same word, or when the expected one is a path and the
 * typed one names the same file relative to where the student stood (`cat chris` after
 * `cd /var/spool/mail`, `cat ./chris`, `cat ~/…` are all accepted for `/var/spool/mail/chris`).
 */
export function shellArgumentMatches(expected: string, typed: string): boolean {
  if (expected === typed) return true;
  if (!expected.includes('/')) return false;
  const relative = typed.replace(/^\.\//, '').replace(/\/+$/, '');
  if (relative === '' || relative.startsWith('/')) return expected.replace(/\/+$/, '') === relative;
  return expected.replace(/\/+$/, '').endsWith('/' + relative);
}

/** Does this happening meet this event check? */
export function meets(check: Check, happening: Happening): boolean {
  switch (check.kind) {
    case 'connect':
      return (
        happening.kind === 'connect' &&
        (check.port === undefined || happening.connection.port === check.port) &&
        (check.tls === undefined || happening.connection.tlsFromStart === check.tls)
      );
    case 'send':
      return (
        happening.kind === 'answered' &&
        happening.command.keyword === check.keyword &&
        argsMatch(check.args, happening.command.args) &&
        (check.reply === undefined || happening.ok === (check.reply === 'ok')) &&
        (check.code === undefined || happening.code === check.code) &&
        (check.user === undefined || happening.command.user === check.user)
      );
    case 'login':
      return (
        happening.kind === 'login' &&
        happening.event.ok === check.ok &&
        (check.user === undefined || happening.event.user === check.user) &&
        (check.via === undefined || happening.event.mechanism === check.via)
      );
    case 'reply':
      return (
        happening.kind === 'reply' &&
        (check.ok === undefined || happening.ok === check.ok) &&
        (check.code === undefined || happening.code === check.code)
      );
    case 'tls':
      return happening.kind === 'tls' && (check.via === undefined || happening.via === check.via);
    case 'update':
      return (
        happening.kind === 'update' &&
        (check.user === undefined || happening.user === check.user) &&
        (check.deleted === undefined || compare(happening.deleted, check.deleted))
      );
    case 'hangup':
      return (
        happening.kind === 'hangup' && (check.user === undefined || happening.user === check.user)
      );
    case 'shell':
      return (
        happening.kind === 'shell' &&
        happening.commands.some(
          (argv) =>
            argv[0] === check.program &&
            check.args.every((expected) =>
              argv.slice(1).some((typed) => shellArgumentMatches(expected, typed)),
            ),
        )
      );
    case 'avoid':
      return happening.kind === 'command' && happening.command.keyword === check.keyword;
    case 'state':
    case 'mailbox':
      return false;
  }
}

/** Does this state check hold in the world as it is now? */
export function holds(check: Check, world: WorldModel): boolean {
  switch (check.kind) {
    case 'state':
      for (const connection of world.connections.values()) {
        if (
          connection.open &&
          connection.state === check.state &&
          (check.user === undefined || connection.user === check.user)
        ) {
          return true;
        }
      }
      return false;
    case 'mailbox': {
      const messages = world.mailboxes.get(check.user);
      if (messages === undefined) return false;
      const has = (part: string) =>
        messages.some((message) => message.subject.toLowerCase().includes(part.toLowerCase()));
      return (
        (check.count === undefined || compare(messages.length, check.count)) &&
        check.hasSubject.every(has) &&
        !check.lacksSubject.some(has)
      );
    }
    default:
      return false;
  }
}
