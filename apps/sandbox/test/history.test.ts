import { describe, expect, it } from 'vitest';
import { History } from '../src/terminal/history';

describe('History', () => {
  it('walks back and forth and restores the line being typed', () => {
    const history = new History();
    history.add('user chris');
    history.add('pass epikoi');
    expect(history.previous('sta')).toBe('pass epikoi');
    expect(history.previous('pass epikoi')).toBe('user chris');
    expect(history.previous('user chris')).toBeUndefined();
    expect(history.next()).toBe('pass epikoi');
    expect(history.next()).toBe('sta');
    expect(history.next()).toBeUndefined();
  });

  it('skips blank lines and immediate repeats', () => {
    const history = new History();
    for (const line of ['list', 'list', '  ', 'stat', 'list']) history.add(line);
    expect(history.entries).toEqual(['list', 'stat', 'list']);
  });

  it('keeps at most its limit, dropping the oldest', () => {
    const history = new History(2);
    for (const line of ['a', 'b', 'c']) history.add(line);
    expect(history.entries).toEqual(['b', 'c']);
    expect(() => new History(0)).toThrow(RangeError);
  });
});
