#!/usr/bin/env node
// `npm run bench`: our POP3 server measured beside Dovecot (see bench/README.md). The harness
// is TypeScript, run through tsx like the server itself.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../bench/src/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
