/**
 * What the page's address asks of the course: `?lab=ID` opens a built-in lab, `?labfile=…`
 * a teacher's lab carried in the address itself (base64url of the file's UTF-8), and with
 * `embed=1`, `demo=ID` or `demofile=…` plays a lab's solution as a demo (`speed`, `autoplay`).
 * `lang=en|fr` picks the language. Nothing here fetches anything: the page has no network.
 */
import type { Language } from '../i18n/messages';

export type CourseRequest =
  | { readonly kind: 'none' }
  | { readonly kind: 'lab'; readonly id: string }
  | { readonly kind: 'lab-file'; readonly text: string }
  | {
      readonly kind: 'demo';
      readonly id: string | undefined;
      readonly text: string | undefined;
      readonly speed: number;
      readonly autoplay: boolean;
    }
  | { readonly kind: 'invalid'; readonly reason: 'bad-file' | 'bad-id' };

export interface CourseAddress {
  readonly request: CourseRequest;
  /** The compact layout for iframes. */
  readonly embed: boolean;
  readonly language: Language | undefined;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function readCourseAddress(search: string): CourseAddress {
  const params = new URLSearchParams(search);
  const embed = params.get('embed') === '1';
  const lang = params.get('lang');
  const language = lang === 'en' || lang === 'fr' ? lang : undefined;
  return { request: request(params), embed, language };
}

function request(params: URLSearchParams): CourseRequest {
  const demo = params.get('demo');
  const demoFile = params.get('demofile');
  if (demo !== null || demoFile !== null) {
    const speedText = Number(params.get('speed') ?? '1');
    const speed = Number.isFinite(speedText) ? Math.min(4, Math.max(0.5, speedText)) : 1;
    const autoplay = params.get('autoplay') !== '0';
    if (demoFile !== null) {
      const text = decodeLabFile(demoFile);
      if (text === undefined) return { kind: 'invalid', reason: 'bad-file' };
      return { kind: 'demo', id: undefined, text, speed, autoplay };
    }
    if (!ID.test(demo ?? '')) return { kind: 'invalid', reason: 'bad-id' };
    return { kind: 'demo', id: demo ?? undefined, text: undefined, speed, autoplay };
  }
  const file = params.get('labfile');
  if (file !== null) {
    const text = decodeLabFile(file);
    return text === undefined
      ? { kind: 'invalid', reason: 'bad-file' }
      : { kind: 'lab-file', text };
  }
  const id = params.get('lab');
  if (id !== null) return ID.test(id) ? { kind: 'lab', id } : { kind: 'invalid', reason: 'bad-id' };
  return { kind: 'none' };
}

/** The file's UTF-8 in base64url, without padding: safe in any address. */
export function encodeLabFile(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeLabFile(param: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(param) || param.length % 4 === 1) return undefined;
  try {
    const binary = atob(param.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** An address of this page that opens `text` as a lab (or, with `demo`, plays it). */
export function labFileLink(page: string, text: string, demo = false): string {
  const url = new URL(page);
  url.search = '';
  url.hash = '';
  url.searchParams.set(demo ? 'demofile' : 'labfile', encodeLabFile(text));
  if (demo) url.searchParams.set('embed', '1');
  return url.toString();
}
