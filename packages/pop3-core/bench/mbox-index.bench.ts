/**
 * Mbox speed over bytes already in memory, so that only the parsing is timed: indexing, the
 * work a first login does (split the messages, measure each as the client will see it,
 * fingerprint the headers for UIDL); and reading every message as RETR does (line ends,
 * quoting, byte-stuffing in one pass).
 */
import { bench, describe } from 'vitest';
import { indexMbox, MBOX_BOOKKEEPING_HEADERS, type MboxRules } from '../src';
import { bytesSource } from '../src/maildrops/byte-sources';
import { streamView } from '../src/maildrops/view-reader';
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

  const indexed = indexMbox(source, file.length, rules);
  bench(
    WORKLOADS.mboxRetrView.name,
    async () => {
      let octets = 0;
      for (const span of (await indexed).messages) {
        for await (const chunk of streamView(source, {
          start: span.contentStart,
          end: span.contentEnd,
          rules,
          dotStuffed: true,
          expectedSize: span.size,
        })) {
          octets += chunk.length;
        }
      }
      if (octets < file.length) throw new Error(`read ${octets} octets of a ${file.length} mbox`);
    },
    { time: 2000 },
  );
});
