/**
 * memfs builds its read and write streams on Node's stream classes at load time. The lab never
 * opens an fs stream (the maildrops use file handles), so plain constructors are enough for the
 * page build; using one says so instead of failing obscurely.
 */
function unavailable(this: unknown): void {
  throw new Error('fs streams are not available in the page build');
}

export const Readable = unavailable;
export const Writable = unavailable;
export default { Readable, Writable };
