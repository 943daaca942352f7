/**
 * Turns `--mail` (and `--classroom`) into the maildrops sessions open: the embedded samples in
 * a memory volume, or a directory on disk holding mbox files or Maildirs.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Volume } from 'memfs';
import {
  createMaildirStore,
  createMboxStore,
  type MailFs,
  type MaildropStore,
} from '@pop3-lab/core';
import { createSampleStore, seedSamples } from '@pop3-lab/samples';
import type { MailSource } from './cli-args';
import { isLockOwnerAlive, lockOwnerName } from './lock-owner';
import { nodeMailFs } from './node-mail-fs';

export interface MailSetup {
  /** For the start-up lines: "samples (in memory)", "mbox files in /var/mail", … */
  readonly description: string;
  /** Where sessions open their maildrops. */
  readonly store: MaildropStore;
}

export class MailSetupError extends Error {
  override name = 'MailSetupError';
}

/** The samples in a fresh memory volume: nothing is read from or written to disk. */
export async function sampleVolumeStore(): Promise<MaildropStore> {
  const fs = new Volume().promises as unknown as MailFs;
  await seedSamples(fs);
  return createSampleStore(fs);
}

export async function prepareMail(source: MailSource, classroom: boolean): Promise<MailSetup> {
  if (classroom) {
    if (source.kind !== 'samples')
      throw new MailSetupError('--classroom works on the sample mailboxes only');
    return {
      description: 'samples (in memory), a fresh private copy for every session (classroom)',
      store: classroomStore(),
    };
  }
  switch (source.kind) {
    case 'samples': {
      const store = await sampleVolumeStore();
      return {
        description: 'samples (in memory; changes last until the server stops)',
        store,
      };
    }
    case 'mbox': {
      const dir = await existingDirectory(source.dir);
      const store = createMboxStore(nodeMailFs, { spoolDir: dir, ...locking() });
      return { description: `mbox files in ${dir} (${dir}/<user>)`, store };
    }
    case 'maildir': {
      const dir = await existingDirectory(source.dir);
      const store = createMaildirStore(nodeMailFs, {
        pathFor: (user: string) => `${dir}/${user}`,
        // After a RETR, the next message is read once the reply is written (check phase),
        // while the client reads this one.
        readAhead: setImmediate,
        ...locking(),
      });
      return {
        description: `Maildirs in ${dir} (${dir}/<user>/cur, new, tmp)`,
        store,
      };
    }
  }
}

/**
 * Classroom mode: the copy is made when the student logs in, so each login of a class of
 * thirty can DELE and QUIT without touching anyone else's mail.
 */
function classroomStore(): MaildropStore {
  return {
    open: async (user) => (await sampleVolumeStore()).open(user),
  };
}

function locking(): {
  lockOwner: string;
  isLockOwnerAlive: (owner: string) => boolean | undefined;
} {
  return { lockOwner: lockOwnerName(), isLockOwnerAlive: (owner) => isLockOwnerAlive(owner) };
}

async function existingDirectory(dir: string): Promise<string> {
  const absolute = resolve(dir);
  try {
    if ((await stat(absolute)).isDirectory()) return absolute;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new MailSetupError(`mail directory ${absolute} does not exist`);
    throw new MailSetupError(`cannot use mail directory ${absolute} (${code ?? String(error)})`);
  }
  throw new MailSetupError(`${absolute} is not a directory`);
}
