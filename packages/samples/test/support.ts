// File systems for the sample tests: a memfs volume (as the sandbox and the server use) and
// a real temporary directory (the samples laid out under it).
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Volume } from 'memfs';
import type { Maildrop, MaildropStore, MailFs, ReadOptions } from '@pop3-lab/core';

export interface SampleFs {
  readonly name: string;
  readonly fs: MailFs;
  readonly root: string;
  dispose(): Promise<void>;
}

export async function memoryFs(): Promise<SampleFs> {
  const fs = new Volume().promises as unknown as MailFs;
  return { name: 'memfs', fs, root: '', dispose: async () => {} };
}

export async function diskFs(): Promise<SampleFs> {
  const root = await nodeFs.mkdtemp(join(tmpdir(), 'samples-test-'));
  return {
    name: 'node',
    fs: nodeFs as unknown as MailFs,
    root,
    dispose: () => nodeFs.rm(root, { recursive: true, force: true }),
  };
}

const decoder = new TextDecoder();

export async function readText(
  maildrop: Maildrop,
  index: number,
  options?: ReadOptions,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of maildrop.read(index, options)) chunks.push(chunk);
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return decoder.decode(all);
}

export async function openMaildrop(store: MaildropStore, user: string): Promise<Maildrop> {
  const result = await store.open(user);
  if (!result.ok) throw new Error(`${user}: ${result.code} ${result.reason}`);
  return result.maildrop;
}

export function subjectOf(message: string): string | undefined {
  return /^Subject: (.*)$/m.exec(message)?.[1]?.replace(/\r$/, '');
}
