/**
 * Checks that need to know the world a lab runs in, beyond its own syntax: user names must be
 * logins of the mailbox set, and an objective must not wait for an answer from a command the lab
 * has switched off at that step.
 */
import type { FeatureName } from '@pop3-lab/core';
import type { Check } from './checks';
import type { LabDocument } from './lab-document';
import { LabFormatError, type LabError } from './lab-errors';
import { parseLab } from './parse-lab';

export interface ValidationContext {
  /** The logins of the mailbox set, e.g. `sampleUsers.map((u) => u.user)`. */
  readonly users?: readonly string[];
}

/** Commands that stop working when a feature is off (RFC 1939 §7, RFC 2449, RFC 2595, RFC 5034). */
const featureOfCommand: Readonly<Record<string, FeatureName>> = {
  USER: 'USER',
  PASS: 'USER',
  APOP: 'APOP',
  AUTH: 'SASL',
  STLS: 'STLS',
  CAPA: 'CAPA',
  UTF8: 'UTF8',
  LANG: 'LANG',
  TOP: 'TOP',
  UIDL: 'UIDL',
  LAST: 'LAST',
};

function usersIn(check: Check): string[] {
  switch (check.kind) {
    case 'mailbox':
      return [check.user];
    case 'send':
    case 'login':
    case 'update':
    case 'hangup':
    case 'state':
      return check.user === undefined ? [] : [check.user];
    default:
      return [];
  }
}

export function validateLab(lab: LabDocument, context: ValidationContext = {}): LabError[] {
  const errors: LabError[] = [];
  const users = context.users ? new Set(context.users) : undefined;
  let disabled: readonly FeatureName[] = lab.meta.disabled;
  for (const step of lab.steps) {
    if (step.setup?.disabled !== undefined) disabled = step.setup.disabled;
    for (const objective of step.objectives) {
      if (users) {
        for (const user of usersIn(objective.check)) {
          if (!users.has(user)) {
            errors.push({
              line: objective.line,
              message: `"${user}" is not a login of this lab's mailboxes; they are ${[...users].join(', ')}`,
            });
          }
        }
      }
      const check = objective.check;
      if (check.kind === 'send' && check.reply === 'ok') {
        const feature = featureOfCommand[check.keyword];
        if (feature !== undefined && disabled.includes(feature)) {
          errors.push({
            line: objective.line,
            message: `${check.keyword} is switched off at this step (disabled: ${disabled.join(', ')}), so it can never answer +OK`,
          });
        }
      }
    }
  }
  return errors;
}

/** Parses and validates; throws a `LabFormatError` listing every problem with its line. */
export function loadLab(
  text: string,
  source = 'lab',
  context: ValidationContext = {},
): LabDocument {
  const parsed = parseLab(text);
  if (!parsed.ok) throw new LabFormatError(parsed.errors, source);
  const errors = validateLab(parsed.lab, context);
  if (errors.length > 0) throw new LabFormatError(errors, source);
  return parsed.lab;
}
