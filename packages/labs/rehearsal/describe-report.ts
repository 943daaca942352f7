/** A rehearsal's outcome in words: what was completed, what was left and why, the screens. */
import type { RehearsalReport } from './rehearsal';

export function describeReport(report: RehearsalReport, source = 'lab'): string {
  const lines: string[] = [];
  report.steps.forEach((step, index) => {
    lines.push(`${step.completed ? 'ok  ' : 'FAIL'} step ${index + 1}: ${step.title}`);
    for (const objective of step.remaining) {
      lines.push(
        `       ${source}:${objective.line}: ${objective.status}: ${objective.label} \`${objective.source}\``,
      );
    }
  });
  for (const problem of report.problems) lines.push(`     solution: ${source}: ${problem}`);
  if (!report.completed) {
    report.screens.forEach((screen, index) => {
      lines.push(`---- terminal ${index + 1} (last 40 lines) ----`);
      lines.push(...screen.trimEnd().split('\n').slice(-40));
    });
  }
  return lines.join('\n');
}
