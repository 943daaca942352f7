// Loaded into the server process by the harness (`node --expose-gc --import …`): on SIGUSR2,
// collect garbage and report what the process holds, as one line on standard error. The
// server itself knows nothing of it.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  process.stderr.write(`reliability-memory ${JSON.stringify(usage)}\n`);
});
