/** CAPA, NOOP, LANG and UTF8: commands that change no mailbox. */
import { capabilityLines } from '../session/capabilities';
import type { Actions, SessionContext } from '../session/context';
import { languageNames, matchLanguage } from '../session/language';
import type { Language } from '../session/language';
import { echo } from './arguments';
import type { ParsedCommand } from './parse-command';

export function* capa(ctx: SessionContext, command: ParsedCommand): Actions {
  if (command.args.length > 0) {
    yield* ctx.syntax('CAPA');
    return;
  }
  yield* ctx.listing('capa', {}, capabilityLines(ctx));
}

export function* noop(ctx: SessionContext, command: ParsedCommand): Actions {
  if (command.args.length > 0) {
    yield* ctx.syntax('NOOP');
    return;
  }
  yield* ctx.reply('noop', {});
}

export function* lang(ctx: SessionContext, command: ParsedCommand): Actions {
  const [range] = command.args;
  if (range === undefined) {
    // RFC 6856 §3.2: each listing line names the language in itself, in UTF-8.
    const lines = (Object.keys(languageNames) as Language[]).map(
      (tag) => `${tag} ${languageNames[tag]}`,
    );
    yield* ctx.listing('lang-list', {}, lines, { utf8: true });
    return;
  }
  if (command.args.length > 1) {
    yield* ctx.syntax('LANG [language-range]');
    return;
  }
  const language = matchLanguage(range, ctx.config.preferredLanguage);
  if (language === undefined) {
    yield* ctx.reply('lang-unknown', { range: echo(range) });
    return;
  }
  ctx.language = language;
  ctx.utf8Text = true;
  yield ctx.event({ type: 'language-changed', language });
  yield* ctx.reply('lang-changed', {});
}

export function* utf8(ctx: SessionContext, command: ParsedCommand): Actions {
  if (command.args.length > 0) {
    yield* ctx.syntax('UTF8');
    return;
  }
  ctx.utf8Mode = true;
  ctx.utf8Text = true;
  yield ctx.event({ type: 'utf8-enabled' });
  yield* ctx.reply('utf8-enabled', {});
}
