/**
 * Runs fuzz cases end to end — fixture, session, driver, oracle, then a look at the maildrop
 * afterwards — and keeps the figures a report needs. A failure carries its seed: `runCase`
 * with the same seed replays it exactly.
 */
import { createPop3Session, type Maildrop, type MaildropStore } from '../../../src';
import { drive, type Run } from './drive';
import { makeFixture, MESSAGES, PROFILES, USER, type StoreKind } from './fixture';
import { makeCase, type FuzzCase } from './inputs';
import { judge, sameBytes, Violation } from './oracle';

export interface CaseResult {
  readonly inputOctets: number;
  readonly outputOctets: number;
  readonly replies: number;
  readonly commands: readonly string[];
  readonly closedByServer: boolean;
  readonly maxStatusLine: number;
}

export class FuzzFailure extends Error {
  override name = 'FuzzFailure';
  constructor(
    readonly fuzzCase: FuzzCase,
    readonly reason: string,
  ) {
    super(`seed ${fuzzCase.seed} (${describeCase(fuzzCase)}): ${reason}`);
  }
}

export function describeCase(c: FuzzCase): string {
  return `${c.strategy}, ${c.chunking} in ${c.chunks.length} chunks, ${PROFILES[c.profile]!.name}, ${c.store}`;
}

export async function runCase(c: FuzzCase): Promise<CaseResult> {
  try {
    return await check(c);
  } catch (error) {
    if (error instanceof FuzzFailure) throw error;
    const reason =
      error instanceof Violation
        ? error.message
        : `exception: ${error instanceof Error ? error.stack : String(error)}`;
    throw new FuzzFailure(c, reason);
  }
}

async function check(c: FuzzCase): Promise<CaseResult> {
  const profile = PROFILES[c.profile]!;
  const fixture = await makeFixture(c.store);
  const uids = await withMaildrop(fixture.store, async (maildrop) =>
    [...maildrop.messages].map((m) => m.uid),
  );
  const session = createPop3Session(fixture.options(profile));
  const run = await drive(session, c.chunks, { inFlight: fixture.inFlight });
  const verdict = judge(run, profile, uids);
  checkLineAccounting(c, run);

  // Afterwards: unlocked, and exactly the old messages or the old minus those deleted by QUIT.
  await withMaildrop(fixture.reopen(), async (maildrop) => {
    const stored = await readAll(maildrop);
    if (profile.flawed) {
      for (const message of stored) {
        if (!MESSAGES.some((original) => sameBytes(original, message))) {
          throw new Violation('a stored message was changed');
        }
      }
      return;
    }
    const gone =
      verdict.user === USER ? (verdict.committed ?? new Set<number>()) : new Set<number>();
    const expected = MESSAGES.filter((_, i) => !gone.has(i + 1));
    const keptUids = uids.filter((_, i) => !gone.has(i + 1));
    if (stored.length !== expected.length || stored.some((m, i) => !sameBytes(m, expected[i]!))) {
      throw new Violation(
        `the maildrop holds ${stored.length} messages after the session; expected ${expected.length} (deleted: ${[...gone]})`,
      );
    }
    const nowUids = [...maildrop.messages].map((m) => m.uid);
    if (nowUids.join(' ') !== keptUids.join(' ')) {
      throw new Violation(`UIDs changed across sessions: ${nowUids} instead of ${keptUids}`);
    }
  });

  let inputOctets = 0;
  for (const chunk of c.chunks) inputOctets += chunk.length;
  let outputOctets = 0;
  let replies = 0;
  let maxStatusLine = 0;
  let lastWasReply = false;
  const commands: string[] = [];
  let state = 'AUTHORIZATION';
  for (const step of run.steps) {
    if (step.type === 'send') {
      outputOctets += step.bytes.length;
      if (lastWasReply) {
        const lf = step.bytes.indexOf(0x0a);
        maxStatusLine = Math.max(maxStatusLine, lf < 0 ? step.bytes.length : lf + 1);
      }
    }
    lastWasReply = step.type === 'event' && step.event.type === 'reply';
    if (step.type !== 'event') continue;
    const event = step.event;
    if (event.type === 'reply') replies++;
    else if (event.type === 'state-changed') state = event.to;
    else if (event.type === 'command') commands.push(`${state} ${event.keyword}`);
  }
  return {
    inputOctets,
    outputOctets,
    replies,
    commands,
    closedByServer: run.closedByServer,
    maxStatusLine,
  };
}

/**
 * Every line end the client sent was read as one line: a command, a too-long line or a SASL
 * response — unless the session closed or STLS threw input away on purpose.
 */
function checkLineAccounting(c: FuzzCase, run: Run): void {
  if (run.closedByServer) return;
  let consumed = 0;
  for (const step of run.steps) {
    if (step.type === 'start-tls') return;
    if (step.type !== 'event') continue;
    const { event } = step;
    if (event.type === 'error' && event.kind === 'input-discarded') return;
    if (event.type === 'command' || event.type === 'sasl-response') consumed++;
    else if (event.type === 'error' && event.kind === 'line-too-long') consumed++;
  }
  let sent = 0;
  for (const chunk of c.chunks) for (const byte of chunk) if (byte === 0x0a) sent++;
  if (consumed !== sent) {
    throw new Violation(`${sent} lines sent, ${consumed} read: some were left unanswered`);
  }
}

async function withMaildrop<T>(
  store: MaildropStore,
  use: (maildrop: Maildrop) => Promise<T>,
): Promise<T> {
  const opened = await store.open(USER);
  if (!opened.ok)
    throw new Violation(`the maildrop cannot be opened: [${opened.code}] ${opened.reason}`);
  try {
    return await use(opened.maildrop);
  } finally {
    await opened.maildrop.release();
  }
}

async function readAll(maildrop: Maildrop): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = 0; i < maildrop.messages.length; i++) {
    const parts: Uint8Array[] = [];
    for await (const chunk of maildrop.read(i)) parts.push(chunk.slice());
    let length = 0;
    for (const part of parts) length += part.length;
    const whole = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      whole.set(part, at);
      at += part.length;
    }
    out.push(whole);
  }
  return out;
}

export interface CampaignFigures {
  cases: number;
  failures: number;
  inputOctets: number;
  outputOctets: number;
  replies: number;
  commandLines: number;
  closedByServer: number;
  maxStatusLine: number;
  byStrategy: Record<string, number>;
  byStore: Record<string, number>;
  byProfile: Record<string, number>;
  byChunking: Record<string, number>;
  /** "STATE KEYWORD" → how often the engine read that command in that state. */
  coverage: Record<string, number>;
  durationMs: number;
}

export function emptyFigures(): CampaignFigures {
  return {
    cases: 0,
    failures: 0,
    inputOctets: 0,
    outputOctets: 0,
    replies: 0,
    commandLines: 0,
    closedByServer: 0,
    maxStatusLine: 0,
    byStrategy: {},
    byStore: {},
    byProfile: {},
    byChunking: {},
    coverage: {},
    durationMs: 0,
  };
}

export function addFigures(into: CampaignFigures, from: CampaignFigures): void {
  for (const key of [
    'cases',
    'failures',
    'inputOctets',
    'outputOctets',
    'replies',
    'commandLines',
    'closedByServer',
    'durationMs',
  ] as const) {
    into[key] += from[key];
  }
  into.maxStatusLine = Math.max(into.maxStatusLine, from.maxStatusLine);
  for (const key of ['byStrategy', 'byStore', 'byProfile', 'byChunking', 'coverage'] as const) {
    for (const [name, count] of Object.entries(from[key]))
      into[key][name] = (into[key][name] ?? 0) + count;
  }
}

export interface CampaignOptions {
  readonly firstSeed: number;
  readonly count: number;
  readonly stores?: readonly (readonly [number, StoreKind])[];
  /** Stop at the first failure (default) or collect up to this many. */
  readonly maxFailures?: number;
  readonly onFailure?: (failure: FuzzFailure) => void;
  readonly onProgress?: (figures: CampaignFigures) => void;
}

/** Runs seeds firstSeed … firstSeed+count-1. */
export async function runCampaign(
  options: CampaignOptions,
): Promise<{ figures: CampaignFigures; failures: FuzzFailure[] }> {
  const figures = emptyFigures();
  const failures: FuzzFailure[] = [];
  const started = performance.now();
  const bump = (table: Record<string, number>, key: string) => {
    table[key] = (table[key] ?? 0) + 1;
  };
  for (let i = 0; i < options.count; i++) {
    const c = makeCase((options.firstSeed + i) >>> 0, options.stores);
    figures.cases++;
    bump(figures.byStrategy, c.strategy);
    bump(figures.byStore, c.store);
    bump(figures.byProfile, PROFILES[c.profile]!.name);
    bump(figures.byChunking, c.chunking);
    try {
      const result = await runCase(c);
      figures.inputOctets += result.inputOctets;
      figures.outputOctets += result.outputOctets;
      figures.replies += result.replies;
      figures.commandLines += result.commands.length;
      if (result.closedByServer) figures.closedByServer++;
      figures.maxStatusLine = Math.max(figures.maxStatusLine, result.maxStatusLine);
      for (const command of result.commands) bump(figures.coverage, command);
    } catch (error) {
      const failure = error instanceof FuzzFailure ? error : new FuzzFailure(c, String(error));
      figures.failures++;
      failures.push(failure);
      options.onFailure?.(failure);
      if (failures.length >= (options.maxFailures ?? 1)) break;
    }
    if (options.onProgress && i % 1000 === 999) {
      figures.durationMs = performance.now() - started;
      options.onProgress(figures);
    }
  }
  figures.durationMs = performance.now() - started;
  return { figures, failures };
}
