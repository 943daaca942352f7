// Node's `path` for memfs in the page build: the lab is POSIX through and through.
import * as posixPath from '../shell/posix-path';

export * from '../shell/posix-path';
export const posix = posixPath;
export const win32 = posixPath;
export default { ...posixPath, posix: posixPath, win32: posixPath };
