/**
 * The process: start from the command line, then stop cleanly on SIGTERM or SIGINT — stop
 * accepting, let sessions in UPDATE finish, end the others without applying deletions, exit 0.
 * A second signal while stopping exits at once.
 */
import { startFromCommandLine } from './cli';

const io = {
  out: (line: string) => process.stdout.write(line + '\n'),
  err: (line: string) => process.stderr.write(line + '\n'),
};

async function main(): Promise<void> {
  const outcome = await startFromCommandLine(process.argv.slice(2), io);
  if (outcome.kind === 'exit') {
    process.exitCode = outcome.code;
    return;
  }
  const server = outcome.server;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      io.err(`pop3-lab-server: ${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    io.out(`stopping (${signal}): ${server.connections} connection(s) open`);
    void server.close().then(() => {
      io.out('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  io.err(
    `pop3-lab-server: unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
