/**
 * POSIX path arithmetic for the lab's file system. The shell resolves every name with it, and
 * the page build hands it to memfs in place of Node's `path` (see src/shims/node-path.ts).
 */
export const sep = '/';
export const delimiter = ':';

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

/** Collapses `.`, `..` and repeated slashes; keeps a leading slash and a trailing one. */
export function normalize(path: string): string {
  if (path === '') return '.';
  const absolute = isAbsolute(path);
  const trailing = path.endsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
    } else parts.push(part);
  }
  let out = parts.join('/');
  if (absolute) out = '/' + out;
  if (out === '') return absolute ? '/' : '.';
  if (trailing && out !== '/') out += '/';
  return out;
}

export function join(...paths: string[]): string {
  const joined = paths.filter((p) => p !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

/** Like Node's: the rightmost absolute argument wins; relative ones stack on `/`. */
export function resolve(...paths: string[]): string {
  let resolved = '';
  for (let i = paths.length - 1; i >= 0 && !isAbsolute(resolved); i--) {
    const path = paths[i];
    if (path === undefined || path === '') continue;
    resolved = resolved === '' ? path : `${path}/${resolved}`;
  }
  const out = normalize('/' + resolved);
  return out.length > 1 && out.endsWith('/') ? out.slice(0, -1) : out;
}

export function dirname(path: string): string {
  if (path === '') return '.';
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const index = trimmed.lastIndexOf('/');
  if (index === -1) return '.';
  if (index === 0) return '/';
  return trimmed.slice(0, index);
}

export function basename(path: string, suffix?: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return suffix !== undefined && base !== suffix && base.endsWith(suffix)
    ? base.slice(0, -suffix.length)
    : base;
}

export function extname(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot);
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...Array<string>(a.length - common).fill('..'), ...b.slice(common)].join('/');
}

export function parse(path: string): {
  root: string;
  dir: string;
  base: string;
  ext: string;
  name: string;
} {
  const base = basename(path);
  const ext = extname(path);
  return {
    root: isAbsolute(path) ? '/' : '',
    dir: path.includes('/') ? dirname(path) : '',
    base,
    ext,
    name: ext === '' ? base : base.slice(0, -ext.length),
  };
}

export function format(parts: {
  dir?: string;
  root?: string;
  base?: string;
  name?: string;
  ext?: string;
}): string {
  const base = parts.base ?? `${parts.name ?? ''}${parts.ext ?? ''}`;
  const dir = parts.dir ?? parts.root ?? '';
  if (dir === '') return base;
  return dir.endsWith('/') ? dir + base : `${dir}/${base}`;
}

export function toNamespacedPath(path: string): string {
  return path;
}
