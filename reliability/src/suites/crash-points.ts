/**
 * Every crash point and every full-disk point of one UPDATE, walked deterministically through
 * the MailFs interface (see packages/pop3-core/test/reliability/support/fault-points.ts):
 * the complement of the random SIGKILLs of the crash suite, which cannot choose where they land.
 */
import { describeMachine, loadNow } from '../machine';
import { count, type Check, type SuiteResult } from '../results';
import {
  everyCrashPoint,
  everyFullDiskPoint,
  type CrashPoint,
} from '../../../packages/pop3-core/test/reliability/support/fault-points';

export async function runCrashPoints(): Promise<SuiteResult> {
  const load = loadNow();
  const started = Date.now();
  const checks: Check[] = [];
  const rows: string[][] = [
    [
      'format, disk',
      'crash points',
      'old set',
      'new set',
      'some deletions applied',
      'lost or damaged',
      'refused',
      'leftovers',
    ],
  ];
  const steps: string[] = [];
  for (const format of ['mbox', 'maildir'] as const) {
    for (const disk of ['memfs', 'node'] as const) {
      const { points, finished } = await everyCrashPoint(format, disk);
      const by = (outcome: CrashPoint['outcome']) =>
        points.filter((p) => p.outcome === outcome).length;
      const refused = points.filter((p) => p.refused !== undefined).length;
      const leftovers = points.filter((p) => p.leftovers.length > 0).length;
      rows.push([
        `${format}, ${disk}`,
        count(points.length),
        count(by('old')),
        count(by('new')),
        count(by('partial')),
        count(by('lost')),
        count(refused),
        count(leftovers),
      ]);
      const name = format === 'mbox' ? 'mbox' : 'Maildir';
      if (disk === 'node')
        steps.push(
          `${name} UPDATE, operation by operation: ${points.map((p) => p.operation.replace(/^\d+ /, '').replace(/\/tmp\/[^ ]*\//g, '…/')).join('; ')}.`,
        );
      checks.push({
        claim: `${name} (${disk}): a crash at any step of UPDATE leaves messages intact, nothing lost, and the next session gets in with no leftovers`,
        ok: by('lost') === 0 && refused === 0 && leftovers === 0 && finished.outcome === 'new',
        figure: `${points.length} crash points: ${by('old')} old set, ${by('new')} new set, ${by('partial')} mixed, ${by('lost')} with a message lost or damaged`,
      });
      checks.push({
        claim: `${name} (${disk}): a crash at any step of UPDATE leaves exactly the old or the new set`,
        ok: by('partial') === 0 && by('lost') === 0,
        figure:
          by('partial') === 0
            ? `${points.length} of ${points.length} crash points`
            : `${by('partial')} of ${points.length} crash points leave some deletions applied and others not`,
      });
    }
  }
  const diskRows: string[][] = [
    [
      'format, when',
      'fault points',
      '-ERR [SYS/TEMP]',
      '+OK',
      'messages kept as they were',
      'reopened at once',
      'leftovers',
    ],
  ];
  for (const format of ['mbox', 'maildir'] as const) {
    for (const during of ['login', 'update'] as const) {
      const points = await everyFullDiskPoint(format, during);
      const refused = points.filter((p) => p.reply.startsWith('-ERR'));
      const sysTemp = refused.filter((p) => p.reply.startsWith('-ERR [SYS/TEMP]')).length;
      const kept = points.filter((p) =>
        p.reply.startsWith('+OK') ? p.outcome !== 'lost' : p.outcome === 'old',
      ).length;
      const reopened = points.filter((p) => p.reopened).length;
      const leftovers = points.filter((p) => p.leftovers.length > 0).length;
      diskRows.push([
        `${format}, ${during === 'login' ? 'at login' : 'during UPDATE'}`,
        count(points.length),
        count(sysTemp),
        count(points.length - refused.length),
        count(kept),
        count(reopened),
        count(leftovers),
      ]);
      checks.push({
        claim: `${format === 'mbox' ? 'mbox' : 'Maildir'}: a full disk (ENOSPC through the fs interface) ${during === 'login' ? 'at login' : 'during UPDATE'} answers -ERR [SYS/TEMP] and loses nothing`,
        ok:
          sysTemp === refused.length &&
          kept === points.length &&
          reopened === points.length &&
          (during === 'login' || leftovers === 0),
        figure: `${points.length} fault points: ${sysTemp} -ERR [SYS/TEMP], ${points.length - refused.length} +OK; ${points.length - kept} with messages lost`,
      });
    }
  }
  return {
    suite: 'crash-points',
    title: 'Crash safety: every crash point and every full-disk point',
    machine: describeMachine(load),
    durationMs: Date.now() - started,
    command: 'npm run reliability -- crash-points',
    checks,
    tables: [
      {
        caption:
          'A crash (the process dies, a write torn in half) at each disk-changing operation of UPDATE',
        rows,
      },
      { caption: 'A full disk from each disk-changing operation on', rows: diskRows },
    ],
    notes: [
      'The session runs in the engine over a file system that dies at its k-th disk-changing operation (k = 1, 2, … until UPDATE completes): no later call reaches the disk, as with SIGKILL. The next "process" opens the mailbox with the dead owner\'s lock, then reads every message.',
      ...steps,
    ],
  };
}
