export {
  sampleUsers,
  sampleLogins,
  sampleMaildirPath,
  SAMPLE_SPOOL_DIR,
  type SampleUser,
} from './users';
export { seedSamples, createSampleStore, sampleMboxes, type SampleLayout } from './seed';
export { FLOOD_SIZE, FLOOD_REAL_MESSAGE } from './mailboxes/flooded';
export {
  generateBigMailbox,
  writeBigMailbox,
  writeBigMbox,
  writeBigMaildir,
  type BigMailboxOptions,
  type BigMailboxSummary,
  type BigMailboxTargets,
  type GeneratedMessage,
} from './big-mailbox';
export { SeededRandom } from './random';
