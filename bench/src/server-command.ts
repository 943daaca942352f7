/**
 * How our server is started. As an operator runs it — the bin as a program, its first line
 * carrying its Node options — unless Node needs options of its own: `--cpu-prof` is refused in
 * NODE_OPTIONS, so a profiled server runs as `node <the bin's options> --cpu-prof … <bin>`.
 */
export interface Command {
  readonly file: string;
  readonly args: readonly string[];
}

/** The Node options on a `#!/usr/bin/env -S node …` first line (none for a plain `node`). */
export function shebangNodeOptions(source: string): string[] {
  const first = source.slice(0, source.indexOf('\n') >>> 0);
  const words = first.startsWith('#!') ? first.slice(2).trim().split(/\s+/) : [];
  const node = words.findIndex((word) => word === 'node' || word.endsWith('/node'));
  return node < 0 ? [] : words.slice(node + 1).filter((word) => word.startsWith('-'));
}

/** `readSource` is called only when the bin must run under `node` (its options are needed). */
export function serverCommand(
  bin: { readonly path: string; readonly readSource: () => string },
  nodeExecutable: string,
  nodeOptions: readonly string[],
  args: readonly string[],
): Command {
  if (nodeOptions.length === 0) return { file: bin.path, args };
  return {
    file: nodeExecutable,
    args: [...shebangNodeOptions(bin.readSource()), ...nodeOptions, bin.path, ...args],
  };
}
