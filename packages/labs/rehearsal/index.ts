export type { RehearsalMail, RehearsalReport, StepReport } from './rehearsal';
export { rehearseLab, subjectOf, LAB_HOSTNAME } from './rehearsal';
export { samplesMail } from './samples-mail';
export { describeReport } from './describe-report';
