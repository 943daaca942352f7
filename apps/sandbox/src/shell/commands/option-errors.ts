import { fail, type CommandContext } from '../command';
import type { Options } from '../getopt';

/** Reports a getopt error the way coreutils does, followed by the usage line; status 2. */
export function optionError(
  context: CommandContext,
  error: Extract<Options, { ok: false }>['error'],
  usageLine: string,
): number {
  const { t } = context.shell;
  const message =
    error.kind === 'unknown'
      ? t('shell.unknownOption', { option: error.option })
      : error.kind === 'invalid'
        ? t('shell.invalidOption', { option: `'${error.option}'` })
        : `${t('shell.missingOperand')} (${error.option})`;
  fail(context, message);
  context.stderr.write(`${t('shell.usage')}: ${usageLine}\n`);
  return 2;
}
