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
import type { BootHandoff } from '../boot/boot-texts';

/** The terminal's colours, from the palette in app.css (one place for both themes). */
function themeFromCss(): ITheme {
  const css = getComputedStyle(document.documentElement);
  const value = (name: string) => css.getPropertyValue(`--term-${name}`).trim();
  return {
    background: value('bg'),
    foreground: value('fg'),
    cursor: value('cursor'),
    cursorAccent: value('bg'),
    selectionBackground: value('selection'),
    black: value('black'),
    red: value('red'),
    green: value('green'),
    yellow: value('yellow'),
    blue: value('blue'),
    magenta: value('magenta'),
    cyan: value('cyan'),
    white: value('white'),
    brightBlack: value('bright-black'),
    brightBlue: value('blue'),
    brightGreen: value('green'),
  };
}

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
  /** Which terminal this is (1, or 2 for a lab's second terminal). Default 1. */
  readonly number?: number;
  /** Told of every command line the shell runs. */
  readonly onCommands?: (commands: readonly (readonly string[])[]) => void;
}

export class TerminalController {
  readonly terminal: Terminal;
  readonly shell: Shell;
  readonly #fit = new FitAddon();
  readonly #resize: ResizeObserver;
  readonly #editor: LineEditor;
  #theme: Theme;

  constructor(options: TerminalControllerOptions) {
    this.#theme = options.theme;
    this.terminal = new Terminal({
      fontFamily: FONT_FAMILY,
      fontSize: options.fontSize,
      theme: themeFromCss(),
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
      ...(options.onCommands && { onCommands: options.onCommands }),
    });
    this.#resize = new ResizeObserver(() => this.#fitNow());
    this.#resize.observe(options.element);

    const { t } = options;
    const second = (options.number ?? 1) > 1;
    this.#editor.print(
      (second
        ? [style.bold(t('welcome.second', { number: options.number ?? 2 })), '', '']
        : [
            style.bold(t('welcome.title')),
            t('welcome.try', { command: style.cyan('telnet localhost 110') }),
            style.dim(t('welcome.help')),
            '',
            '',
          ]
      ).join('\r\n'),
    );
    void this.shell.run();
    if (second) {
      this.terminal.write('', () => options.onPromptReady?.());
      return;
    }
    // What was typed at the boot prompt (index.html) is replayed here, as if typed now.
    const boot = (globalThis as { pop3labBoot?: BootHandoff }).pop3labBoot;
    const typed = boot?.take() ?? '';
    // xterm parses writes asynchronously; this callback runs once the prompt is on screen.
    this.terminal.write('', () => {
      boot?.remove();
      if (performance.getEntriesByName('pop3-lab:prompt-ready').length === 0) {
        performance.mark('pop3-lab:prompt-ready');
        document.documentElement.dataset.promptReady = 'true';
      }
      performance.mark('pop3-lab:terminal-ready');
      document.documentElement.dataset.terminalReady = 'true';
      if (typed !== '') this.#editor.feed(typed);
      options.onPromptReady?.();
    });
  }

  /** Call after the page's data-theme changed. */
  setAppearance(fontSize: number, theme: Theme): void {
    // Setting an option re-measures and repaints the terminal: only when something changed.
    if (this.terminal.options.fontSize === fontSize && this.#theme === theme) return;
    this.#theme = theme;
    this.terminal.options.fontSize = fontSize;
    this.terminal.options.theme = themeFromCss();
    this.#fitNow();
  }

  focus(): void {
    this.terminal.focus();
  }

  /** Keys as if typed ("\r" is Enter, "\x1d" Ctrl-]): how a demo types. */
  keys(data: string): void {
    this.#editor.feed(data);
  }

  /** Waiting for the user to type (at the prompt, or inside telnet): nothing is running. */
  get idle(): boolean {
    return this.#editor.reading;
  }

  /** Fits the terminal to its element again (after it was hidden). */
  refit(): void {
    this.#fitNow();
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
