/**
 * One fuzzing process, forked by fuzz.ts: runs the blocks of seeds it is handed and reports
 * its figures (and a heartbeat every thousand cases, so that a hang is noticed).
 */
import { runCampaign } from '../../../packages/pop3-core/test/reliability/fuzz/campaign';

interface Block {
  readonly type: 'run';
  readonly first: number;
  readonly count: number;
}

process.on('message', (message: Block | { type: 'exit' }) => {
  if (message.type === 'exit') process.exit(0);
  void (async () => {
    const { figures, failures } = await runCampaign({
      firstSeed: message.first,
      count: message.count,
      maxFailures: 20,
      onProgress: (f) =>
        process.send?.({ type: 'heartbeat', first: message.first, cases: f.cases }),
    });
    process.send?.({
      type: 'done',
      first: message.first,
      figures,
      failures: failures.map((failure) => failure.message.slice(0, 2_000)),
    });
  })();
});
process.send?.({ type: 'ready' });
