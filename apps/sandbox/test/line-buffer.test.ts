import { describe, expect, it } from 'vitest';
import { LineBuffer } from '../src/terminal/line-buffer';

describe('LineBuffer', () => {
  it('inserts at the cursor', () => {
    const line = new LineBuffer('usr');
    line.left();
    line.insert('e');
    expect(line.text).toBe('user');
    expect(line.cursor).toBe(3);
  });

  it('backspace and delete remove around the cursor and report when nothing is there', () => {
    const line = new LineBuffer('stat');
    expect(line.delete()).toBe(false);
    expect(line.backspace()).toBe(true);
    expect(line.text).toBe('sta');
    line.home();
    expect(line.backspace()).toBe(false);
    expect(line.delete()).toBe(true);
    expect(line.text).toBe('ta');
  });

  it('moves by code point, so an accent or an emoji is one step', () => {
    const line = new LineBuffer('é📬');
    line.left();
    expect(line.beforeCursor).toBe('é');
    line.backspace();
    expect(line.text).toBe('📬');
  });

  it('moves and kills by words', () => {
    const line = new LineBuffer('top 1  10');
    line.wordLeft();
    expect(line.cursor).toBe(7);
    line.wordLeft();
    expect(line.cursor).toBe(4);
    line.wordRight();
    expect(line.cursor).toBe(5);
    line.end();
    line.killWordBefore();
    expect(line.text).toBe('top 1  ');
  });

  it('kills to the start and to the end of the line', () => {
    const line = new LineBuffer('retr 3');
    line.left();
    line.killToEnd();
    expect(line.text).toBe('retr ');
    line.left();
    line.killToStart();
    expect(line.text).toBe(' ');
    expect(line.cursor).toBe(0);
  });
});
