/** The built-in lab files, read from disk: `NN-id.language.md` in packages/labs/labs/. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const LABS_DIR = fileURLToPath(new URL('../../labs/', import.meta.url));

export interface LabFile {
  readonly name: string;
  readonly text: string;
}

export function labFiles(): LabFile[] {
  return readdirSync(LABS_DIR)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({ name, text: readFileSync(`${LABS_DIR}${name}`, 'utf8') }));
}
