#!/usr/bin/env node
// Runs the server's TypeScript source directly: tsx compiles it on the fly, so there is no
// build step. Paths are resolved from this file, so it works from any directory and via npx.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main.ts', import.meta.url).href);
