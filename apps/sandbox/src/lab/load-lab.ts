/**
 * Loads the lab — memfs, the engine and the sample mailboxes — in a chunk of its own, so the
 * prompt appears before any of it is parsed.
 */
import type { MailFs, MaildropStore } from '@pop3-lab/core';
import type { Lab, LabMail, ServerSettings } from './lab';

interface SamplesApi {
  seedSamples(fs: MailFs): Promise<unknown>;
  createSampleStore(fs: MailFs): MaildropStore;
  sampleLogins(): ReadonlyMap<string, string> | Record<string, string>;
}

export async function loadLab(settings: () => ServerSettings): Promise<Lab> {
  const [{ Lab }, module] = await Promise.all([import('./lab'), import('@pop3-lab/samples')]);
  const samples = module as unknown as Partial<SamplesApi>;
  const { seedSamples, createSampleStore, sampleLogins } = samples;
  if (!seedSamples || !createSampleStore || !sampleLogins) {
    throw new Error(
      '@pop3-lab/samples does not provide seedSamples, createSampleStore and sampleLogins',
    );
  }
  const mail: LabMail = {
    seed: async (fs) => {
      await seedSamples(fs);
    },
    store: (fs) => createSampleStore(fs),
    logins: () => sampleLogins(),
  };
  return Lab.create(mail, settings);
}
