/**
 * Each suite writes its figures to results/<suite>.json; docs/reliability.md is generated
 * from those files alone, so a suite can be re-run by itself and the page stays whole.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Machine } from './machine';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const RESULTS_DIR = join(ROOT, 'reliability', 'results');

export interface Check {
  /** What must hold, as a sentence. */
  readonly claim: string;
  readonly ok: boolean;
  /** The figure that backs it ("0 lost of 1,000 kills"). */
  readonly figure: string;
}

export interface SuiteResult {
  readonly suite: string;
  readonly title: string;
  readonly machine: Machine;
  readonly durationMs: number;
  /** Command that reproduces it. */
  readonly command: string;
  readonly checks: readonly Check[];
  /** Tables for the page: a caption and rows (first row = header). */
  readonly tables: readonly { caption: string; rows: readonly (readonly string[])[] }[];
  /** Things worth knowing that are not pass/fail. */
  readonly notes: readonly string[];
}

export async function saveResult(result: SuiteResult): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${result.suite}.json`);
  await writeFile(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}

export async function loadResults(): Promise<SuiteResult[]> {
  const names = (await readdir(RESULTS_DIR).catch(() => [] as string[])).filter((n) =>
    n.endsWith('.json'),
  );
  const results: SuiteResult[] = [];
  for (const name of names.sort()) {
    results.push(JSON.parse(await readFile(join(RESULTS_DIR, name), 'utf8')) as SuiteResult);
  }
  return results;
}

/** 1234567 → "1,234,567". */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
