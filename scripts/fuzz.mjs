#!/usr/bin/env node
// `npm run fuzz [-- --count N --workers N --seed N]`: a million fuzz inputs through the POP3
// engine (the long version of packages/pop3-core/test/reliability/fuzz.test.ts), figures saved
// and docs/reliability.md regenerated.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../reliability/src/main.ts', import.meta.url).href);
process.exitCode = await main(['fuzz', ...process.argv.slice(2)]);
