/**
 * The page's terminals by number (1, and 2 when a lab needs a second one), for whoever must
 * type into one (the demo player) or read it (tests, through `globalThis.pop3lab`).
 */
import type { TerminalController } from './terminal-controller';

const terminals = new Map<number, TerminalController>();

export function registerTerminal(number: number, controller: TerminalController): () => void {
  terminals.set(number, controller);
  return () => {
    if (terminals.get(number) === controller) terminals.delete(number);
  };
}

export function terminal(number: number): TerminalController | undefined {
  return terminals.get(number);
}

// For end-to-end tests and the measuring script: a terminal's text, as a user sees it.
(globalThis as { pop3lab?: unknown }).pop3lab = {
  screen: (number = 1) => terminals.get(number)?.text() ?? '',
};
