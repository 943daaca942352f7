/**
 * npm run check -- FILE.md…: parses and validates lab files against the sample mailboxes, then
 * rehearses each one's solution on the real engine. Exit status 0 when every file passes.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { sampleUsers } from '@pop3-lab/samples';
import { formatLabErrors, parseLab, validateLab } from '../src/index';
import { describeReport } from './describe-report';
import { rehearseLab } from './rehearsal';
import { samplesMail } from './samples-mail';

const args = process.argv.slice(2);
const showScreens = args.includes('--screens');
const files = args.filter((arg) => arg !== '--screens');
if (files.length === 0) {
  console.error('usage: npm run check -w @pop3-lab/labs -- [--screens] FILE.md [FILE.md…]');
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  const source = basename(file);
  const parsed = parseLab(await readFile(file, 'utf8'));
  const errors = parsed.ok
    ? validateLab(parsed.lab, { users: sampleUsers.map((u) => u.user) })
    : parsed.errors;
  if (!parsed.ok || errors.length > 0) {
    console.log(formatLabErrors(errors, source));
    failed++;
    continue;
  }
  const report = await rehearseLab(parsed.lab, samplesMail());
  console.log(
    `${report.completed ? 'PASS' : 'FAIL'} ${source} (${parsed.lab.meta.id}, ${parsed.lab.meta.language})`,
  );
  if (!report.completed) {
    console.log(describeReport(report, source));
    failed++;
  } else if (showScreens) {
    report.screens.forEach((screen, index) =>
      console.log(`---- terminal ${index + 1} ----\n${screen}`),
    );
  }
}
process.exit(failed === 0 ? 0 : 1);
