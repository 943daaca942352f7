/**
 * A step's solution: what a student types, line by line. The same script proves the lab in
 * the tests (run against the engine), plays the documentation demos, and shows a teacher the
 * intended path.
 *
 *   $ telnet localhost 110        a command at the shell prompt
 *   user chris                    a line typed into the program that is running (telnet, nc…)
 *   ^]                            telnet's escape key (the next line goes to the telnet> prompt)
 *   [terminal 2]                  the following lines are typed in the second terminal
 *   [pause 2]                     a demo waits two seconds here (the tests do not)
 *
 * Placeholders stand for what only exists once the session runs: `{timestamp}`, the `<…>` of
 * the latest greeting, and `{digest:SECRET}`, the APOP digest of that timestamp and SECRET
 * (RFC 1939 §7), as `md5sum` would print it. `{timestamp:previous}` and
 * `{digest:SECRET:previous}` use the greeting before the latest (to show a replay fail).
 */
export type ScriptLine =
  | { readonly kind: 'shell'; readonly text: string; readonly line: number }
  | { readonly kind: 'input'; readonly text: string; readonly line: number }
  | { readonly kind: 'escape'; readonly line: number }
  | { readonly kind: 'terminal'; readonly terminal: 1 | 2; readonly line: number }
  | { readonly kind: 'pause'; readonly seconds: number; readonly line: number };

export type ScriptLineResult =
  | { readonly ok: true; readonly value: ScriptLine | undefined }
  | { readonly ok: false; readonly message: string };

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Parses one line of a solution block; blank lines give `undefined`. */
export function parseScriptLine(text: string, line: number): ScriptLineResult {
  const trimmed = text.trimEnd();
  if (trimmed.trim() === '') return { ok: true, value: undefined };
  const directive = /^\[(\w+)(?:\s+([^\]]*))?\]$/.exec(trimmed.trim());
  if (directive) {
    const [, name, argument = ''] = directive;
    if (name === 'terminal') {
      if (argument !== '1' && argument !== '2') {
        return { ok: false, message: '[terminal N] takes 1 or 2' };
      }
      return { ok: true, value: { kind: 'terminal', terminal: argument === '1' ? 1 : 2, line } };
    }
    if (name === 'pause') {
      const seconds = Number(argument);
      if (!/^\d+(\.\d+)?$/.test(argument) || seconds > 30) {
        return { ok: false, message: '[pause N] takes a number of seconds, at most 30' };
      }
      return { ok: true, value: { kind: 'pause', seconds, line } };
    }
    return {
      ok: false,
      message: `unknown directive [${name}]; a solution knows [terminal N] and [pause N]`,
    };
  }
  const placeholders = checkPlaceholders(trimmed);
  if (placeholders !== undefined) return { ok: false, message: placeholders };
  if (trimmed === '^]') return { ok: true, value: { kind: 'escape', line } };
  if (trimmed.startsWith('$ ')) {
    const command = trimmed.slice(2).trim();
    if (command === '') return { ok: false, message: 'a "$ " line needs a command after it' };
    return { ok: true, value: { kind: 'shell', text: command, line } };
  }
  if (trimmed === '$') return { ok: false, message: 'a "$ " line needs a command after it' };
  return { ok: true, value: { kind: 'input', text: trimmed, line } };
}

interface Placeholder {
  readonly kind: 'timestamp' | 'digest';
  readonly secret: string;
  /** 0: the latest greeting; 1: the one before. */
  readonly back: 0 | 1;
}

function readPlaceholder(name: string): Placeholder | undefined {
  const timestamp = /^timestamp(:previous)?$/.exec(name);
  if (timestamp) return { kind: 'timestamp', secret: '', back: timestamp[1] ? 1 : 0 };
  const digest = /^digest:([^:\s]+)(:previous)?$/.exec(name);
  if (digest) return { kind: 'digest', secret: digest[1] as string, back: digest[2] ? 1 : 0 };
  return undefined;
}

function checkPlaceholders(text: string): string | undefined {
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (readPlaceholder(name) === undefined) {
      return `unknown placeholder {${name}}; a solution knows {timestamp}, {digest:SECRET} and their :previous forms`;
    }
  }
  return undefined;
}

/** What the placeholders stand for at the moment a line is typed. */
export interface PlaceholderValues {
  /** The `<…>` of every greeting seen so far that carried one, oldest first. */
  readonly timestamps: readonly string[];
  /** MD5 of timestamp + secret, lowercase hex (the engine exports `apopDigest`). */
  digest(timestamp: string, secret: string): string;
}

export type ExpandResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

export function expandPlaceholders(text: string, values: PlaceholderValues): ExpandResult {
  let missing: string | undefined;
  const expanded = text.replace(PLACEHOLDER, (whole, name: string) => {
    const placeholder = readPlaceholder(name);
    if (placeholder === undefined) return whole;
    const timestamp = values.timestamps[values.timestamps.length - 1 - placeholder.back];
    if (timestamp === undefined) {
      missing =
        placeholder.back === 0
          ? 'no greeting with an APOP timestamp <…> has been seen yet'
          : 'there is no earlier greeting with an APOP timestamp <…>';
      return whole;
    }
    return placeholder.kind === 'timestamp'
      ? timestamp
      : values.digest(timestamp, placeholder.secret);
  });
  if (missing !== undefined) return { ok: false, message: missing };
  return { ok: true, text: expanded };
}

/** The script as a student would type it, for display: directives dropped, `$ ` kept. */
export function scriptText(lines: readonly ScriptLine[]): string {
  return lines
    .map((line) => {
      switch (line.kind) {
        case 'shell':
          return `$ ${line.text}`;
        case 'input':
          return line.text;
        case 'escape':
          return '^]';
        case 'terminal':
          return `[terminal ${line.terminal}]`;
        case 'pause':
          return undefined;
      }
    })
    .filter((text): text is string => text !== undefined)
    .join('\n');
}
