#!/usr/bin/env node
// Assembles src/wasm/*.wat into src/wasm/generated/*.ts (byte arrays), so that every runtime
// (tsx, Vite, vitest) imports the module as plain TypeScript. Run by the root `prepare` script,
// that is by `npm install`; the output is not committed. With --check, only says whether the
// generated files are up to date (exit 1 if not).
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = join(here, '..', 'src', 'wasm');
const outDir = join(sourceDir, 'generated');
const check = process.argv.includes('--check');

/** The TypeScript text for the module assembled from `watFile`. */
export async function assemble(watFile) {
  const wabt = await wabtInit();
  const module = wabt.parseWat(basename(watFile), readFileSync(watFile, 'utf8'), {
    simd: true,
    bulk_memory: true,
  });
  module.validate();
  const { buffer } = module.toBinary({});
  module.destroy();
  const name = basename(watFile, '.wat');
  const rows = [];
  for (let i = 0; i < buffer.length; i += 16)
    rows.push('  ' + [...buffer.subarray(i, i + 16)].join(', ') + ',');
  return [
    `// Generated from ../${name}.wat by scripts/assemble-wasm.mjs: edit the .wat, not this.`,
    `export const bytes = new Uint8Array([`,
    ...rows,
    `]);`,
    ``,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let stale = 0;
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(sourceDir).filter((f) => f.endsWith('.wat'))) {
    const target = join(outDir, basename(file, '.wat') + '.ts');
    const text = await assemble(join(sourceDir, file));
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      console.error(`${target} is out of date: run npm install (or node ${process.argv[1]})`);
      stale++;
    } else writeFileSync(target, text);
  }
  process.exit(stale === 0 ? 0 : 1);
}
