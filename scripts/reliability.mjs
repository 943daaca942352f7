#!/usr/bin/env node
// `npm run reliability [-- SUITE… --quick …]`: the long reliability harnesses (fuzzing, crash,
// concurrency, abuse, load), then docs/reliability.md regenerated from their figures. See
// reliability/README.md. The harness is TypeScript, run through tsx like the server.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../reliability/src/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
