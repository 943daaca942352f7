/** A problem in a lab file, with the line (1-based) a teacher should look at. */
export interface LabError {
  readonly line: number;
  readonly message: string;
}

/** `first-contact.en.md:12: unknown check "sned" (did you mean "send"?)`, one per line. */
export function formatLabErrors(errors: readonly LabError[], source = 'lab'): string {
  return [...errors]
    .sort((a, b) => a.line - b.line)
    .map((error) => `${source}:${error.line}: ${error.message}`)
    .join('\n');
}

/** Thrown by `loadLab` when a file does not parse or validate. */
export class LabFormatError extends Error {
  override name = 'LabFormatError';
  constructor(
    readonly errors: readonly LabError[],
    readonly source = 'lab',
  ) {
    super(formatLabErrors(errors, source));
  }
}
