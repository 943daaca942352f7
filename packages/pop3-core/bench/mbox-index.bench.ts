/**
 * Mbox indexing speed: the work a first login does on an mbox spool (split the messages,
 * measure each as the client will see it, fingerprint the headers for UIDL), over bytes
 * already in memory so that only the parsing is timed.
 */
import { bench, describe } from 'vitest';
import { indexMbox, MBOX_BOOKKEEPING_HEADERS, type MboxRules } from '../src';
import { bytesSource } from '../src/maildrops/byte-sources';
import { INDEX_MESSAGES, indexedMbox, WORKLOADS } from './workloads';

const rules: MboxRules = {
  hiddenHeaders: new Set(MBOX_BOOKKEEPING_HEADERS.map((name) => name.toLowerCase())),
  fromQuoting: 'mboxrd',
  contentLength: true,
};

describe('mbox', () => {
  const file = indexedMbox();
  const source = bytesSource(file);

  bench(
    WORKLOADS.mboxIndex.name,
    async () => {
      const index = await indexMbox(source, file.length, rules);
      if (index.messages.length !== INDEX_MESSAGES) {
        throw new Error(`indexed ${index.messages.length} messages, expected ${INDEX_MESSAGES}`);
      }
    },
    { time: 2000 },
  );
});
