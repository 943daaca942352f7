/**
 * Loads the lab — memfs, the engine and the sample mailboxes — in a chunk of its own, so the
 * prompt appears before any of it is parsed.
 */
import type { Lab, ServerSettings } from './lab';

export async function loadLab(settings: () => ServerSettings): Promise<Lab> {
  const [{ Lab }, samples] = await Promise.all([import('./lab'), import('@pop3-lab/samples')]);
  return Lab.create(
    {
      seed: (fs) => samples.seedSamples(fs),
      store: (fs) => samples.createSampleStore(fs),
      logins: () => samples.sampleLogins(),
      accounts: samples.sampleUsers,
    },
    settings,
  );
}
