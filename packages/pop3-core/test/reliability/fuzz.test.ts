/**
 * The quick fuzz run of `npm test`: five hundred seeded cases across every strategy, chunking,
 * persona and maildrop kind, judged by the oracle (see fuzz/oracle.ts for the rules). The long
 * run (`npm run fuzz`) uses the same code with a million seeds. FUZZ_SEED=n picks other seeds;
 * a failure names the seed that replays it.
 */
import { describe, expect, test } from 'vitest';
import { utf8Encode } from '@pop3-lab/protocol';
import { runCampaign, runCase } from './fuzz/campaign';
import { PROFILES } from './fuzz/fixture';
import { CHUNKINGS, KEYWORDS, makeCase, STRATEGIES, type FuzzCase } from './fuzz/inputs';

const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 20_260_302);

describe('fuzzing the engine', () => {
  test('five hundred random and mutated inputs: no exception, well-formed replies, invariants kept', async () => {
    const { figures, failures } = await runCampaign({
      firstSeed: FIRST_SEED,
      count: 500,
      stores: [
        [80, 'memory'],
        [10, 'mbox'],
        [10, 'maildir'],
      ],
    });
    expect(failures.map((failure) => failure.message)).toEqual([]);
    expect(figures.cases).toBe(500);
    // The run reached what it claims to: every strategy, chunking, persona and store...
    for (const strategy of STRATEGIES) expect(figures.byStrategy[strategy]).toBeGreaterThan(0);
    for (const chunking of CHUNKINGS) expect(figures.byChunking[chunking]).toBeGreaterThan(0);
    for (const profile of PROFILES) expect(figures.byProfile[profile.name]).toBeGreaterThan(0);
    for (const store of ['memory', 'mbox', 'maildir'])
      expect(figures.byStore[store]).toBeGreaterThan(0);
    // ...and every command was read both before and after login.
    for (const keyword of KEYWORDS) {
      expect(figures.coverage[`AUTHORIZATION ${keyword}`], keyword).toBeGreaterThan(0);
      expect(figures.coverage[`TRANSACTION ${keyword}`], keyword).toBeGreaterThan(0);
    }
    expect(figures.maxStatusLine).toBeLessThanOrEqual(512);
  }, 60_000);

  test('a session cut at every octet gives the same replies as when sent whole', async () => {
    const script = utf8Encode(
      'USER chris\r\nPASS epikoi\r\nSTAT\r\nLIST\r\nRETR 2\r\nTOP 3 1\r\nDELE 1\r\nRETR 1\r\nUIDL\r\nRSET\r\nQUIT\r\n',
    );
    const base = makeCase(1);
    const whole: FuzzCase = { ...base, profile: 0, store: 'memory', chunks: [script] };
    const reference = await runCase(whole);
    for (let at = 1; at < script.length; at++) {
      const split: FuzzCase = { ...whole, chunks: [script.subarray(0, at), script.subarray(at)] };
      const result = await runCase(split);
      expect(result.outputOctets, `cut at ${at}`).toBe(reference.outputOctets);
      expect(result.commands).toEqual(reference.commands);
    }
  });

  test('a flood of pipelined commands past the limit ends with one -ERR, the maildrop untouched', async () => {
    const flood = utf8Encode(
      `USER chris\r\nPASS epikoi\r\nDELE 1\r\n${'NOOP\r\n'.repeat(1500)}QUIT\r\n`,
    );
    const result = await runCase({ ...makeCase(2), profile: 0, store: 'mbox', chunks: [flood] });
    expect(result.closedByServer).toBe(true);
    // runCase has checked that the mbox still holds all seven messages: QUIT was never read.
    expect(result.commands.length).toBeLessThan(1500);
  });
});
