/**
 * Log lines in logfmt: `key=value` pairs separated by spaces, one line per event, so a person
 * can read them on a terminal and a tool can split them without a parser. A value is quoted
 * when it is empty or holds a space, `=` or `"`; quotes, backslashes and control characters are
 * escaped, so a hostile command line can never forge a second log line.
 */

export type LogValue = string | number | boolean | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export function formatLogLine(time: Date, event: string, fields: LogFields = {}): string {
  const parts = [`time=${time.toISOString()}`, `event=${formatValue(event)}`];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${safeKey(key)}=${formatValue(value)}`);
  }
  return parts.join(' ');
}

export function formatValue(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (value !== '' && !/[\s="\\\x00-\x1f\x7f]/.test(value)) return value;
  return `"${escape(value)}"`;
}

function escape(text: string): string {
  return text.replace(/["\\\x00-\x1f\x7f]/g, (c) => {
    switch (c) {
      case '"':
        return '\\"';
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
}

function safeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_.-]/g, '_') || '_';
}
