export type {
  LabDocument,
  LabLanguage,
  LabLevel,
  LabMeta,
  LabStep,
  MailboxSet,
  Objective,
  StepSetup,
} from './lab-document';
export { labLanguages, labLevels, mailboxSets } from './lab-document';
export type { ArgsPattern, Check, CheckKind, CheckResult, Comparison } from './checks';
export { checkKinds, parseCheck, pop3Keywords } from './checks';
export type { LabError } from './lab-errors';
export { formatLabErrors, LabFormatError } from './lab-errors';
export type { ParseLabResult } from './parse-lab';
export { parseLab } from './parse-lab';
export type { ValidationContext } from './validate-lab';
export { loadLab, validateLab } from './validate-lab';
export type { ExpandResult, PlaceholderValues, ScriptLine } from './solution-script';
export { expandPlaceholders, parseScriptLine, scriptText } from './solution-script';
export type { LabFact, MailboxMessageFact } from './facts';
export type { ObjectiveStatus, SavedProgress, StepStatus } from './lab-progress';
export { LabProgress } from './lab-progress';
export { WorldModel } from './world-model';
export { renderMarkdown } from './render-markdown';
