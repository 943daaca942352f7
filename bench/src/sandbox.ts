/**
 * The sandbox page's own figures (initial JavaScript size, time to prompt) come from its
 * measuring script, apps/sandbox/scripts/measure.*, when there is one: run as it is, and its
 * output quoted (a JSON object becomes a list of its fields).
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SANDBOX_SCRIPTS } from './paths';
import { runChecked } from './processes';

const RUNNERS: Record<string, string[]> = {
  '.mjs': [process.execPath],
  '.js': [process.execPath],
  '.ts': [process.execPath, '--import', 'tsx'],
  '.mts': [process.execPath, '--import', 'tsx'],
  '.sh': ['bash'],
};

export async function findMeasureScript(): Promise<string | undefined> {
  const names = await readdir(SANDBOX_SCRIPTS).catch(() => [] as string[]);
  const name = names.find((n) => /^measure\.[a-z]+$/.test(n) && RUNNERS[n.slice(n.indexOf('.'))]);
  return name === undefined ? undefined : join(SANDBOX_SCRIPTS, name);
}

export async function sandboxFigures(script: string): Promise<string[]> {
  const [command, ...args] = RUNNERS[script.slice(script.lastIndexOf('.'))]!;
  const stdout = await runChecked(command!, [...args, script], {
    cwd: dirname(SANDBOX_SCRIPTS.replace(/\/$/, '')),
    timeoutMs: 600_000,
  });
  return describeOutput(stdout);
}

export function describeOutput(stdout: string): string[] {
  const text = stdout.trim();
  try {
    const value = JSON.parse(text.split('\n').pop() ?? '') as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value).map(([key, v]) => `- ${key}: ${readable(key, v)}`);
    }
  } catch {
    // not JSON: quoted as printed
  }
  return ['```', ...text.split('\n'), '```'];
}

/** Numbers named …Bytes or …Ms read better with their unit. */
function readable(key: string, value: unknown): string {
  if (typeof value === 'number' && /Bytes$/.test(key)) {
    return `${value.toLocaleString('en')} (${(value / 1024).toFixed(1)} KiB)`;
  }
  if (typeof value === 'number' && /Ms$/.test(key)) return `${value} ms`;
  // A list of file names says little in a report: how many.
  if (Array.isArray(value) && value.length > 3 && value.every((v) => typeof v === 'string')) {
    return `${value.length} files`;
  }
  return JSON.stringify(value);
}
