import { describe, expect, it } from 'vitest';
import { formatLogLine, formatValue } from '../src/log-format';

const time = new Date('2025-03-01T10:00:00.000Z');

describe('formatLogLine (logfmt)', () => {
  it('starts with time and event, then the fields in order, leaving out undefined ones', () => {
    expect(
      formatLogLine(time, 'login', { session: 3, user: 'chris', skipped: undefined, ok: true }),
    ).toBe('time=2025-03-01T10:00:00.000Z event=login session=3 user=chris ok=true');
  });

  it('quotes values with spaces, equals signs, quotes or nothing at all', () => {
    expect(formatValue('top 1 1')).toBe('"top 1 1"');
    expect(formatValue('a=b')).toBe('"a=b"');
    expect(formatValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(formatValue('')).toBe('""');
    expect(formatValue('plain')).toBe('plain');
  });

  it('escapes line breaks and control characters, so one event is always one line', () => {
    const line = formatLogLine(time, 'command', { line: 'NOOP\r\nevent=forged\u0007' });
    expect(line).toBe(
      'time=2025-03-01T10:00:00.000Z event=command line="NOOP\\r\\nevent=forged\\x07"',
    );
    expect(line.split('\n')).toHaveLength(1);
  });

  it('cleans field names', () => {
    expect(formatLogLine(time, 'x', { 'bad key': 1 })).toBe(
      'time=2025-03-01T10:00:00.000Z event=x bad_key=1',
    );
  });
});
