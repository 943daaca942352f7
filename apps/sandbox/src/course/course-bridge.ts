/**
 * The little the page's always-loaded code shares with the course (which loads later): the
 * shells report each command line here, and the course listens when a lab runs.
 */
export type ShellCommandsListener = (
  terminal: number,
  commands: readonly (readonly string[])[],
) => void;

const listeners = new Set<ShellCommandsListener>();

export const courseBridge = {
  /** Called by every terminal's shell for each command line it runs. */
  shellCommands(terminal: number, commands: readonly (readonly string[])[]): void {
    for (const listener of listeners) listener(terminal, commands);
  },
  onShellCommands(listener: ShellCommandsListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
