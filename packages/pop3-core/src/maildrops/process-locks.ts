/**
 * The in-process half of maildrop locking: two sessions of one server on one mailbox must not
 * both reach TRANSACTION (RFC 1939 §8), even on a file system that knows nothing of lock files.
 * Keyed by the file-system object, so two memfs volumes never share locks but every store
 * built on `node:fs/promises` does.
 */
const held = new WeakMap<object, Set<string>>();

/** Takes the lock on `key`, or returns undefined when it is taken. The result releases it once. */
export function tryProcessLock(fs: object, key: string): (() => void) | undefined {
  let keys = held.get(fs);
  if (keys === undefined) {
    keys = new Set();
    held.set(fs, keys);
  }
  if (keys.has(key)) return undefined;
  keys.add(key);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    keys.delete(key);
  };
}

export function isProcessLocked(fs: object, key: string): boolean {
  return held.get(fs)?.has(key) ?? false;
}
