// Node's `url` for memfs in the page build: the browser's own URL class.
export const URL = globalThis.URL;
export function fileURLToPath(url: string | URL): string {
  return decodeURIComponent(new globalThis.URL(String(url)).pathname);
}
export default { URL, fileURLToPath };
