/**
 * Turns what xterm.js hands to `onData` into editing keys. Pure: one chunk in, keys out.
 * xterm delivers a key press as one chunk and a paste as one chunk (wrapped in ESC[200~ …
 * ESC[201~ when bracketed paste is on), so no state is needed across chunks.
 */
export type Key =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'paste'; readonly text: string }
  | {
      readonly type:
        | 'enter'
        | 'backspace'
        | 'delete'
        | 'left'
        | 'right'
        | 'up'
        | 'down'
        | 'home'
        | 'end'
        | 'word-left'
        | 'word-right'
        | 'interrupt' // Ctrl-C
        | 'eof' // Ctrl-D
        | 'clear-screen' // Ctrl-L
        | 'kill-to-start' // Ctrl-U
        | 'kill-to-end' // Ctrl-K
        | 'kill-word' // Ctrl-W
        | 'escape-char' // Ctrl-], telnet's escape
        | 'tab';
    };

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

const controls: Record<string, Key['type']> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x01': 'home', // Ctrl-A
  '\x05': 'end', // Ctrl-E
  '\x02': 'left', // Ctrl-B
  '\x06': 'right', // Ctrl-F
  '\x10': 'up', // Ctrl-P
  '\x0e': 'down', // Ctrl-N
  '\x03': 'interrupt',
  '\x04': 'eof',
  '\x0c': 'clear-screen',
  '\x15': 'kill-to-start',
  '\x0b': 'kill-to-end',
  '\x17': 'kill-word',
  '\x1d': 'escape-char',
  '\t': 'tab',
};

/** CSI and SS3 sequences, by their final part (after ESC [ or ESC O). */
const sequences: Record<string, Key['type']> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '3~': 'delete',
  '1;5C': 'word-right',
  '1;5D': 'word-left',
  '1;3C': 'word-right',
  '1;3D': 'word-left',
};

export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = '';
  const flushText = () => {
    if (text !== '') keys.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < data.length) {
    if (data.startsWith(PASTE_START, i)) {
      flushText();
      const end = data.indexOf(PASTE_END, i + PASTE_START.length);
      const stop = end === -1 ? data.length : end;
      keys.push({ type: 'paste', text: data.slice(i + PASTE_START.length, stop) });
      i = end === -1 ? data.length : end + PASTE_END.length;
      continue;
    }
    const ch = data[i] as string;
    if (ch === '\x1b') {
      flushText();
      const match = /^\x1b(?:\[([0-9;]*[A-Za-z~])|O([A-Za-z])|([bf]))/.exec(data.slice(i));
      if (match) {
        const final = match[1] ?? match[2];
        const type =
          final !== undefined ? sequences[final] : match[3] === 'b' ? 'word-left' : 'word-right';
        if (type) keys.push({ type } as Key);
        i += match[0].length;
      } else {
        i += 1; // a lone ESC: nothing to do
      }
      continue;
    }
    const control = controls[ch];
    if (control) {
      flushText();
      keys.push({ type: control } as Key);
      // A CR LF pair is one Enter.
      i += ch === '\r' && data[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (ch < ' ') {
      i += 1; // other control characters are ignored, as a shell would
      continue;
    }
    text += ch;
    i += 1;
  }
  flushText();
  return keys;
}

/**
 * A paste as the editor applies it: each line break is an Enter, so a pasted block of commands
 * runs line by line, as it does in a terminal; tabs become spaces.
 */
export function pasteToKeys(text: string): Key[] {
  const keys: Key[] = [];
  const lines = text.replace(/\t/g, ' ').split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const clean = line.replace(/[\x00-\x1f\x7f]/g, '');
    if (clean !== '') keys.push({ type: 'text', text: clean });
    if (index < lines.length - 1) keys.push({ type: 'enter' });
  });
  return keys;
}
