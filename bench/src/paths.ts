/** Where things are, from this file: the run works from any current directory. */
import { fileURLToPath } from 'node:url';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export const REPO_ROOT = here('../../');
export const BENCH_DIR = here('../');
export const POPLOAD_SOURCE = here('../load/popload.c');
export const POPLOAD_BINARY = here('../build/popload');
export const DOVECOT_SCRIPT = here('../ref/dovecot.sh');
export const SETUP_MAIL = here('../ref/setup-mail.py');
export const GEN_BIG = here('../fixtures/gen-big.py');
export const WATCHDOG = here('../scripts/watchdog.sh');
export const ANALYSIS_NOTES = here('../notes/analysis.md');
export const SERVER_BIN = here('../../apps/server/bin/pop3-lab-server.mjs');
export const CORE_DIR = here('../../packages/pop3-core/');
export const SANDBOX_SCRIPTS = here('../../apps/sandbox/scripts/');
