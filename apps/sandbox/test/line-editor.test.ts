import { describe, expect, it } from 'vitest';
import { History } from '../src/terminal/history';
import { LineEditor, type ReadResult } from '../src/terminal/line-editor';
import { FakeTerminal } from './support/fake-terminal';

const PROMPT = '$ ';

function setup(cols = 80) {
  const term = new FakeTerminal(cols);
  const editor = new LineEditor(term);
  return { term, editor };
}

describe('LineEditor', () => {
  it('echoes typing and returns the line on Enter', async () => {
    const { term, editor } = setup();
    const line = editor.read({ prompt: PROMPT });
    term.type('user chris');
    expect(term.currentLine).toBe('$ user chris');
    term.type('\r');
    await expect(line).resolves.toEqual({ type: 'line', text: 'user chris' });
    expect(term.cursor).toEqual({ x: 0, y: 1 });
  });

  it('edits in the middle with arrows, home/end, backspace and delete', async () => {
    const { term, editor } = setup();
    const line = editor.read({ prompt: PROMPT });
    term.type('lst');
    term.type('\x1b[D'); // left
    term.type('\x1b[D');
    term.type('i');
    expect(term.currentLine).toBe('$ list');
    expect(term.cursor.x).toBe(4);
    term.type('\x1b[H'); // home
    term.type('\x1b[3~'); // delete
    term.type('L');
    term.type('\x1b[F'); // end
    term.type('\x7f'); // backspace
    term.type('T');
    expect(term.currentLine).toBe('$ LisT');
    term.type('\r');
    await expect(line).resolves.toEqual({ type: 'line', text: 'LisT' });
  });

  it('recalls history with up and down, keeping the draft', async () => {
    const { term, editor } = setup();
    const history = new History();
    history.add('stat');
    history.add('list');
    const line = editor.read({ prompt: PROMPT, history });
    term.type('re');
    term.type('\x1b[A');
    expect(term.currentLine).toBe('$ list');
    term.type('\x1b[A');
    expect(term.currentLine).toBe('$ stat');
    term.type('\x1b[B');
    term.type('\x1b[B');
    expect(term.currentLine).toBe('$ re');
    term.type('\x1b[A\r');
    await expect(line).resolves.toEqual({ type: 'line', text: 'list' });
    expect(history.entries).toEqual(['stat', 'list']);
  });

  it('abandons the line on Ctrl-C and reports end of input on Ctrl-D', async () => {
    const { term, editor } = setup();
    const first = editor.read({ prompt: PROMPT });
    term.type('dele 1\x03');
    await expect(first).resolves.toEqual({ type: 'interrupt', text: 'dele 1' });
    expect(term.screen).toBe('$ dele 1^C');
    const second = editor.read({ prompt: PROMPT });
    term.type('\x04');
    await expect(second).resolves.toEqual({ type: 'eof' });
  });

  it('clears the screen on Ctrl-L and redraws the line being typed', async () => {
    const { term, editor } = setup();
    editor.print('old output\r\n');
    const line = editor.read({ prompt: PROMPT });
    term.type('noop\x0c');
    expect(term.screen).toBe('$ noop');
    term.type('\r');
    await line;
  });

  it('runs a pasted block line by line, keeping the rest for the next reads', async () => {
    const { term, editor } = setup();
    const results: ReadResult[] = [];
    const first = editor.read({ prompt: PROMPT });
    term.type('\x1b[200~user chris\r\npass epikoi\r\nsta\x1b[201~');
    results.push(await first);
    results.push(await editor.read({ prompt: PROMPT }));
    const third = editor.read({ prompt: PROMPT });
    expect(term.currentLine).toBe('$ sta');
    term.type('t\r');
    results.push(await third);
    expect(results).toEqual([
      { type: 'line', text: 'user chris' },
      { type: 'line', text: 'pass epikoi' },
      { type: 'line', text: 'stat' },
    ]);
  });

  it('queues keys typed while no line is read, but sends Ctrl-C to the interrupt handler', async () => {
    const { term, editor } = setup();
    let interrupted = 0;
    editor.onInterrupt = () => interrupted++;
    term.type('quit');
    expect(term.written).toBe('');
    const line = editor.read({ prompt: PROMPT });
    term.type('\r');
    await expect(line).resolves.toEqual({ type: 'line', text: 'quit' });
    term.type('ignored');
    term.type('\x03');
    expect(interrupted).toBe(1);
    const next = editor.read({ prompt: PROMPT });
    term.type('\r');
    await expect(next).resolves.toEqual({ type: 'line', text: '' });
  });

  it('reports Ctrl-] only when asked to', async () => {
    const { term, editor } = setup();
    const plain = editor.read({ prompt: '' });
    term.type('\x1d');
    term.type('x\r');
    await expect(plain).resolves.toEqual({ type: 'line', text: 'x' });
    const telnet = editor.read({ prompt: '', escapeChar: true });
    term.type('\x1d');
    await expect(telnet).resolves.toEqual({ type: 'escape' });
    expect(term.written).toContain('^]');
  });

  it('prints output above the line being typed and redraws it', async () => {
    const { term, editor } = setup();
    const line = editor.read({ prompt: PROMPT });
    term.type('li');
    editor.print('+OK POP3 ready\r\n');
    expect(term.screen).toBe('+OK POP3 ready\n$ li');
    editor.print('+OK part');
    editor.print('ial\r\n');
    expect(term.screen).toBe('+OK POP3 ready\n+OK partial\n$ li');
    term.type('st\r');
    await expect(line).resolves.toEqual({ type: 'line', text: 'list' });
  });

  it('draws the prompt after unfinished output, as a shell does after printf', async () => {
    const { term, editor } = setup();
    editor.print('\x1b[32mno newline\x1b[39m');
    const line = editor.read({ prompt: PROMPT });
    term.type('x');
    expect(term.screen).toBe('no newline$ x');
    term.type('\r');
    await line;
  });

  it('keeps the cursor right when the line wraps, at the edge too', async () => {
    const { term, editor } = setup(10);
    const line = editor.read({ prompt: PROMPT });
    term.type('12345678'); // exactly fills the first row
    expect(term.cursor).toEqual({ x: 0, y: 1 });
    term.type('9abcdef');
    expect(term.screen).toBe('$ 12345678\n9abcdef');
    for (let i = 0; i < 9; i++) term.type('\x1b[D');
    expect(term.cursor).toEqual({ x: 8, y: 0 });
    term.type('\x7f');
    expect(term.screen).toBe('$ 12345789\nabcdef');
    term.type('\r');
    await expect(line).resolves.toEqual({ type: 'line', text: '12345789abcdef' });
    expect(term.cursor).toEqual({ x: 0, y: 2 });
  });

  it('refuses a second read while one is pending, and cancel ends the first', async () => {
    const { editor } = setup();
    const line = editor.read({ prompt: PROMPT });
    expect(() => editor.read({ prompt: PROMPT })).toThrow();
    editor.cancel();
    await expect(line).resolves.toEqual({ type: 'cancelled' });
  });
});
