/**
 * Two builds of one page:
 * - default: dist/index.html with hashed assets, for a web server (`npm run build` runs it first);
 * - `--mode single`: dist/pop3-lab.html, everything inlined, that works opened from file://.
 * memfs reaches for Node built-ins; the page gets small shims instead (src/shims/).
 */
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { bootTexts } from './src/boot/boot-texts';

/**
 * The first prompt comes with the HTML (src/boot/boot-prompt.js): it is on screen and takes
 * keys while the modules load; the terminal replays those keys when it takes over.
 */
const bootPrompt: Plugin = {
  name: 'pop3-lab-boot-prompt',
  transformIndexHtml: () => {
    const script = readFileSync(
      new URL('./src/boot/boot-prompt.js', import.meta.url),
      'utf8',
    ).replace(/\}\)\(BOOT_TEXTS\);\s*$/, `})(${JSON.stringify(bootTexts())});\n`);
    return [
      {
        tag: 'div',
        attrs: { id: 'boot', 'aria-hidden': 'true' },
        children: [{ tag: 'div', attrs: { id: 'boot-screen' }, injectTo: 'body' }],
        injectTo: 'body-prepend',
      },
      { tag: 'script', children: script, injectTo: 'body' },
    ];
  },
};

/**
 * The entry waits for the boot prompt's first paint before importing the terminal's chunk
 * (src/main.ts); a modulepreload lets the browser fetch and compile that chunk meanwhile.
 */
const preloadStart: Plugin = {
  name: 'pop3-lab-preload-start',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler(html, context) {
      const bundle = context.bundle;
      if (!bundle) return [];
      const start = Object.values(bundle).find(
        (chunk) => chunk.type === 'chunk' && chunk.facadeModuleId?.endsWith('/src/start.ts'),
      );
      if (!start || start.type !== 'chunk') return [];
      const files = [start.fileName, ...start.imports].filter((file) => !html.includes(file));
      return files.map((file) => ({
        tag: 'link',
        attrs: { rel: 'modulepreload', crossorigin: '', href: `./${file}` },
        injectTo: 'head' as const,
      }));
    },
  },
};

/**
 * The built page may reach nothing outside itself: no fetch, no socket, no remote font. The
 * dev server keeps its hot-reload socket, so the policy is added to builds only.
 */
const offlinePolicy: Plugin = {
  name: 'pop3-lab-offline-policy',
  apply: 'build',
  // Written as raw HTML: an attribute built by Vite would escape the quotes as &#39;, which
  // browsers read fine but which hides 'unsafe-inline' from the single-file plugin's check.
  transformIndexHtml: (html) =>
    html.replace(
      '<meta charset="UTF-8" />',
      `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${[
        "default-src 'none'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; ')}" />`,
    ),
};

const shim = (name: string) => fileURLToPath(new URL(`./src/shims/${name}.ts`, import.meta.url));

export default defineConfig(({ mode }) => {
  const single = mode === 'single';
  return {
    base: './',
    plugins: [
      svelte(),
      bootPrompt,
      offlinePolicy,
      ...(single ? [] : [preloadStart]),
      ...(single ? [viteSingleFile({ outputFileName: 'pop3-lab.html' })] : []),
    ],
    resolve: {
      alias: [
        { find: /^node:buffer$/, replacement: shim('node-buffer') },
        { find: /^node:events$/, replacement: shim('node-events') },
        { find: /^node:path$/, replacement: shim('node-path') },
        { find: /^node:stream$/, replacement: shim('node-stream') },
        { find: /^node:url$/, replacement: shim('node-url') },
        { find: /^process$/, replacement: shim('node-process') },
      ],
    },
    build: {
      target: 'es2022',
      // The single-file build must not delete the multi-file build's assets when it removes
      // what it inlined, so it works in a folder of its own.
      outDir: 'dist',
      emptyOutDir: !single,
      assetsDir: single ? '.single' : 'assets',
      reportCompressedSize: false,
    },
  };
});
