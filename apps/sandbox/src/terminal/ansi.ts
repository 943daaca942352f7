/** ANSI helpers for what the shell draws. */
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

/** Columns a string takes on screen: escapes take none; one column per code point. */
export function visibleWidth(text: string): number {
  return Array.from(text.replace(ESCAPES, '')).length;
}

export function stripAnsi(text: string): string {
  return text.replace(ESCAPES, '');
}

/** Text output uses LF; a terminal needs CR LF (there is no tty layer to translate). */
export function toTerminalNewlines(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export const style = {
  bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
  dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
  red: (s: string) => `\x1b[31m${s}\x1b[39m`,
  green: (s: string) => `\x1b[32m${s}\x1b[39m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[39m`,
  blue: (s: string) => `\x1b[34m${s}\x1b[39m`,
  magenta: (s: string) => `\x1b[35m${s}\x1b[39m`,
  cyan: (s: string) => `\x1b[36m${s}\x1b[39m`,
};
