/** The part of an xterm.js Terminal the editor and the shell use; tests pass a fake. */
export interface TerminalLike {
  write(data: string): void;
  onData(listener: (data: string) => void): { dispose(): void };
  readonly cols: number;
}
