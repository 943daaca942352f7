#!/usr/bin/env -S node --max-semi-space-size=2
// Runs the server's TypeScript source directly: tsx compiles it on the fly, so there is no
// build step. Paths are resolved from this file, so it works from any directory and via npx.
//
// The option on the first line caps V8's young generation at 2 MiB per semi-space (it grows to
// 16 MiB under a long RETR of a big mailbox otherwise): the server's memory stays flat whatever
// the mailbox, for a few more minor collections. Run it as a program (./pop3-lab-server.mjs),
// not as `node pop3-lab-server.mjs`, or that option is lost.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main.ts', import.meta.url).href);
