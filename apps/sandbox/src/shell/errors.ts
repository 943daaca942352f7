import type { MessageKey } from '../i18n/messages';

/** The `code` of an fs error (memfs and node:fs both set it). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** The message key for an fs error, in the words coreutils use. */
export function fsErrorKey(error: unknown): MessageKey {
  switch (errorCode(error)) {
    case 'ENOENT':
      return 'fs.enoent';
    case 'EISDIR':
      return 'fs.eisdir';
    case 'ENOTDIR':
      return 'fs.enotdir';
    case 'EACCES':
    case 'EPERM':
      return 'fs.eacces';
    default:
      return 'fs.eio';
  }
}
