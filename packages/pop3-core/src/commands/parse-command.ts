/**
 * Reading one command line (RFC 1939 §3): a case-insensitive keyword, then arguments
 * separated by spaces. The parser is lenient where people type by hand (several spaces, tabs,
 * lower case) and leaves the judgement of what is valid to the command.
 */
import { utf8Decode } from '@pop3-lab/protocol';

export interface ParsedCommand {
  /** The keyword in upper case; '' for a blank line. */
  readonly keyword: string;
  /** The arguments, split on spaces and tabs. */
  readonly args: readonly string[];
  /**
   * Everything after the keyword and the one space that follows it, untouched. PASS uses it:
   * its single argument may contain spaces (RFC 1939 §7).
   */
  readonly rest: string;
  /** The whole line as text (without its line end). */
  readonly line: string;
}

export function parseCommand(line: Uint8Array | string): ParsedCommand {
  const text = typeof line === 'string' ? line : utf8Decode(line);
  const trimmed = text.replace(/^[ \t]+/, '');
  const match = /^([^ \t]*)(?:[ \t]([\s\S]*))?$/.exec(trimmed);
  const word = match?.[1] ?? '';
  const rest = match?.[2] ?? '';
  return {
    keyword: asciiUpper(word),
    args: rest.split(/[ \t]+/).filter((arg) => arg !== ''),
    rest,
    line: text,
  };
}

/** Upper case for ASCII letters only: "ß" must not become "SS" and match a keyword. */
function asciiUpper(word: string): string {
  return word.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}
