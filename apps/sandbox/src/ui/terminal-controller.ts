/**
 * Owns the xterm.js terminal and the shell that runs in it: created when the terminal's element
 * is mounted, disposed with it. Appearance changes (font size, theme) are applied in place.
 */
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import type { Translate } from '../i18n/messages';
import { allCommands } from '../shell/commands';
import { Shell, type ShellWorld } from '../shell/shell';
import { style } from '../terminal/ansi';
import { LineEditor } from '../terminal/line-editor';
import type { Theme } from '../settings/settings';

const themes: Record<Theme, ITheme> = {
  dark: {
    background: '#14171c',
    foreground: '#d8dee9',
    cursor: '#f0c674',
    cursorAccent: '#14171c',
    selectionBackground: '#3b4252',
    black: '#1d2026',
    blue: '#7aa2f7',
    brightBlue: '#8fb4ff',
    green: '#9ece6a',
    brightGreen: '#b5e08a',
    red: '#f7768e',
    yellow: '#e0af68',
    cyan: '#7dcfff',
    magenta: '#bb9af7',
    white: '#c0caf5',
    brightBlack: '#6b7385',
  },
  light: {
    background: '#fbfbf8',
    foreground: '#1f2328',
    cursor: '#b35900',
    cursorAccent: '#fbfbf8',
    selectionBackground: '#c8d7f0',
    black: '#1f2328',
    blue: '#1f5fbf',
    brightBlue: '#2a6fd6',
    green: '#1a7f37',
    brightGreen: '#2c974b',
    red: '#c4314b',
    yellow: '#8a5a00',
    cyan: '#0a7c86',
    magenta: '#8250df',
    white: '#6e7781',
    brightBlack: '#6e7781',
  },
};

export const FONT_FAMILY =
  'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace';

export interface TerminalControllerOptions {
  readonly element: HTMLElement;
  readonly world: Promise<ShellWorld>;
  readonly t: Translate;
  readonly fontSize: number;
  readonly theme: Theme;
  /** Called once the first prompt is on screen. */
  readonly onPromptReady?: () => void;
}

export class TerminalController {
  readonly terminal: Terminal;
  readonly shell: Shell;
  readonly #fit = new FitAddon();
  readonly #resize: ResizeObserver;
  readonly #editor: LineEditor;

  constructor(options: TerminalControllerOptions) {
    this.terminal = new Terminal({
      fontFamily: FONT_FAMILY,
      fontSize: options.fontSize,
      theme: themes[options.theme],
      cursorBlink: true,
      scrollback: 5000,
      allowProposedApi: false,
      convertEol: false,
    });
    this.terminal.loadAddon(this.#fit);
    // Tab is left to the browser, so keyboard users can leave the terminal (the shell has no
    // completion to lose).
    this.terminal.attachCustomKeyEventHandler((event) => event.key !== 'Tab');
    this.terminal.open(options.element);
    performance.mark('pop3-lab:terminal-open');
    this.#fitNow();
    // Bracketed paste: a pasted block arrives as one piece (see key-parser.ts).
    this.terminal.write('\x1b[?2004h');
    this.#editor = new LineEditor(this.terminal);
    this.shell = new Shell({
      editor: this.#editor,
      world: options.world,
      commands: allCommands,
      t: options.t,
    });
    this.#resize = new ResizeObserver(() => this.#fitNow());
    this.#resize.observe(options.element);

    const { t } = options;
    this.#editor.print(
      [
        style.bold(t('welcome.title')),
        t('welcome.try', { command: style.cyan('telnet localhost 110') }),
        style.dim(t('welcome.help')),
        '',
        '',
      ].join('\r\n'),
    );
    void this.shell.run();
    // xterm parses writes asynchronously; this callback runs once the prompt is on screen.
    this.terminal.write('', () => {
      performance.mark('pop3-lab:prompt-ready');
      document.documentElement.dataset.promptReady = 'true';
      options.onPromptReady?.();
    });
  }

  setAppearance(fontSize: number, theme: Theme): void {
    this.terminal.options.fontSize = fontSize;
    this.terminal.options.theme = themes[theme];
    this.#fitNow();
  }

  focus(): void {
    this.terminal.focus();
  }

  /** The whole buffer as text (for tests and the "copy screen" need). */
  text(): string {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++)
      lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  dispose(): void {
    this.shell.stop();
    this.#resize.disconnect();
    this.#editor.dispose();
    this.terminal.dispose();
  }

  #fitNow(): void {
    try {
      this.#fit.fit();
    } catch {
      // Not laid out yet (hidden element): the ResizeObserver will call again.
    }
  }
}
