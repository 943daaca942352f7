// A `process` for memfs in the page build: a POSIX root, no environment, ticks as microtasks.
const process = {
  platform: 'linux',
  env: {} as Record<string, string>,
  cwd: (): string => '/',
  emitWarning: (): void => {},
  nextTick: (callback: (...args: unknown[]) => void, ...args: unknown[]): void =>
    queueMicrotask(() => callback(...args)),
};
export default process;
