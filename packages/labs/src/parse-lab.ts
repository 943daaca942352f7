/**
 * Reads a lab file: front matter, then Markdown in which every `## ` heading starts a step and
 * `### ` headings open the step's sections — Objectives, Hints, Setup, Solution (or their
 * French names). Everything else is ordinary Markdown, shown to the student as written.
 * Mistakes are collected, not thrown, each with the line it is on.
 */
import { personas, type FeatureName, type PersonaName } from '@pop3-lab/core';
import { parseCheck, suggest } from './checks';
import { parseFeatures, parseFrontMatter } from './front-matter';
import type { LabDocument, LabMeta, LabStep, Objective, StepSetup } from './lab-document';
import type { LabError } from './lab-errors';
import { parseScriptLine, type ScriptLine } from './solution-script';

export type ParseLabResult =
  | { readonly ok: true; readonly lab: LabDocument }
  | { readonly ok: false; readonly errors: readonly LabError[] };

type SectionName = 'objectives' | 'hints' | 'setup' | 'solution';

/** Section headings, case-insensitive, in English and French. */
const SECTION_TITLES: Readonly<Record<string, SectionName>> = {
  objectives: 'objectives',
  objective: 'objectives',
  objectifs: 'objectives',
  objectif: 'objectives',
  hints: 'hints',
  hint: 'hints',
  indices: 'hints',
  indice: 'hints',
  setup: 'setup',
  préparation: 'setup',
  preparation: 'setup',
  solution: 'solution',
};

interface Line {
  readonly text: string;
  /** 1-based line number in the file. */
  readonly number: number;
}

interface RawStep {
  readonly title: string;
  readonly line: number;
  readonly instructions: Line[];
  readonly sections: Map<SectionName, { line: number; lines: Line[] }>;
}

const FENCE = /^(\s*)(`{3,}|~{3,})/;

export function parseLab(text: string): ParseLabResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const front = parseFrontMatter(lines);
  const errors: LabError[] = [...front.errors];

  // Split the body into the introduction and raw steps, leaving fenced code alone.
  const intro: Line[] = [];
  const steps: RawStep[] = [];
  let current: RawStep | undefined;
  let section: { line: number; lines: Line[] } | undefined;
  let fence: string | undefined;
  let fenceLine = 0;
  for (let index = front.bodyStart; index < lines.length; index++) {
    const line: Line = { text: lines[index] as string, number: index + 1 };
    const fenceMatch = FENCE.exec(line.text);
    if (fence !== undefined) {
      if (fenceMatch && (fenceMatch[2] as string).startsWith(fence)) fence = undefined;
    } else if (fenceMatch) {
      fence = fenceMatch[2] as string;
      fenceLine = line.number;
    } else if (/^##\s/.test(line.text)) {
      current = {
        title: line.text.replace(/^##\s+/, '').trim(),
        line: line.number,
        instructions: [],
        sections: new Map(),
      };
      section = undefined;
      steps.push(current);
      if (current.title === '')
        errors.push({ line: line.number, message: 'a step needs a title after "## "' });
      continue;
    } else if (/^###\s/.test(line.text)) {
      const title = line.text.replace(/^###\s+/, '').trim();
      const name = SECTION_TITLES[title.toLowerCase()];
      if (current === undefined) {
        errors.push({
          line: line.number,
          message: `"### ${title}" comes before the first step ("## …")`,
        });
        continue;
      }
      if (name === undefined) {
        errors.push({
          line: line.number,
          message: `unknown section "${title}"${suggest(title, Object.keys(SECTION_TITLES))}; a step's sections are Objectives, Hints, Setup and Solution (Objectifs, Indices, Préparation, Solution); use #### for headings inside the instructions`,
        });
        section = { line: line.number, lines: [] }; // swallow its lines
        continue;
      }
      const previous = current.sections.get(name);
      if (previous) {
        errors.push({
          line: line.number,
          message: `this step already has its ${name} section (line ${previous.line})`,
        });
        section = { line: line.number, lines: [] };
        continue;
      }
      section = { line: line.number, lines: [] };
      current.sections.set(name, section);
      continue;
    }
    if (current === undefined) intro.push(line);
    else if (section === undefined) current.instructions.push(line);
    else section.lines.push(line);
  }
  if (fence !== undefined) {
    errors.push({
      line: fenceLine,
      message: `the code block opened here with ${fence} is never closed`,
    });
  }

  if (front.meta !== undefined && steps.length === 0) {
    errors.push({
      line: front.bodyStart + 1,
      message: 'a lab needs at least one step: a "## " heading',
    });
  }

  const parsed: LabStep[] = [];
  for (const step of steps) {
    const result = buildStep(step, front.meta, errors);
    if (result) parsed.push(result);
  }

  if (errors.length > 0 || front.meta === undefined) {
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  }
  return {
    ok: true,
    lab: { meta: front.meta, intro: markdownOf(intro), steps: parsed },
  };
}

function buildStep(
  step: RawStep,
  meta: LabMeta | undefined,
  errors: LabError[],
): LabStep | undefined {
  const instructions = markdownOf(step.instructions);
  if (instructions === '') {
    errors.push({
      line: step.line,
      message: `step "${step.title}" has no instructions under its heading`,
    });
  }
  const objectivesSection = step.sections.get('objectives');
  const before = errors.length;
  const objectives = objectivesSection ? parseObjectives(objectivesSection.lines, errors) : [];
  if (!objectivesSection) {
    errors.push({
      line: step.line,
      message: `step "${step.title}" needs a "### Objectives" section`,
    });
  } else if (objectives.length === 0 && errors.length === before) {
    errors.push({ line: objectivesSection.line, message: 'list at least one objective here' });
  }
  const hintsSection = step.sections.get('hints');
  const hints = hintsSection
    ? parseListItems(hintsSection.lines, 'hint', errors).map((item) => item.text)
    : [];
  const setupSection = step.sections.get('setup');
  const setup = setupSection
    ? parseSetup(setupSection.lines, setupSection.line, errors)
    : undefined;
  const solutionSection = step.sections.get('solution');
  const solution = solutionSection
    ? parseSolution(solutionSection.lines, solutionSection.line, meta, errors)
    : [];
  return { title: step.title, line: step.line, instructions, objectives, hints, setup, solution };
}

interface ListItem {
  readonly text: string;
  readonly line: number;
}

const ITEM = /^(\s{0,3})([-*+]|\d{1,3}[.)])\s+(.*)$/;

/** List items with their continuation lines (indented, or after blank lines when indented). */
function parseListItems(lines: readonly Line[], what: string, errors: LabError[]): ListItem[] {
  const items: { text: string[]; line: number }[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    const last = items[items.length - 1];
    const fenceMatch = FENCE.exec(line.text);
    if (fence !== undefined) {
      last?.text.push(line.text.replace(/^ {1,4}/, ''));
      if (fenceMatch && (fenceMatch[2] as string).startsWith(fence)) fence = undefined;
      continue;
    }
    const item = ITEM.exec(line.text);
    if (item) {
      items.push({ text: [item[3] as string], line: line.number });
      continue;
    }
    if (line.text.trim() === '') {
      last?.text.push('');
      continue;
    }
    if (/^\s{2,}/.test(line.text) && last) {
      if (fenceMatch) fence = fenceMatch[2] as string;
      last.text.push(line.text.replace(/^ {1,4}/, ''));
      continue;
    }
    errors.push({
      line: line.number,
      message: `expected a list item ("- …") for a ${what}; indent continuation lines by two spaces`,
    });
  }
  return items.map((item) => ({ text: item.text.join('\n').trim(), line: item.line }));
}

function parseObjectives(lines: readonly Line[], errors: LabError[]): Objective[] {
  const objectives: Objective[] = [];
  for (const item of parseListItems(lines, 'objective', errors)) {
    const text = item.text.replace(/^\[[ xX]\]\s*/, '');
    const match = /^(.*)`([^`]+)`\s*\.?$/s.exec(text);
    if (!match) {
      errors.push({
        line: item.line,
        message:
          'an objective ends with its check in backquotes, as in: - [ ] Log in as chris `login user=chris`',
      });
      continue;
    }
    const label = (match[1] as string).replace(/\s*(?:[—–:→]|->)\s*$/, '').trim();
    const source = (match[2] as string).trim();
    if (label === '') {
      errors.push({
        line: item.line,
        message: `give the objective \`${source}\` a label the student can read`,
      });
      continue;
    }
    const check = parseCheck(source);
    if (!check.ok) {
      errors.push({ line: item.line, message: check.message });
      continue;
    }
    objectives.push({ label, check: check.check, source, line: item.line });
  }
  return objectives;
}

function parseSetup(lines: readonly Line[], sectionLine: number, errors: LabError[]): StepSetup {
  let persona: PersonaName | undefined;
  let disabled: readonly FeatureName[] | undefined;
  let resetMailboxes = false;
  let plaintextLogin: boolean | undefined;
  const before = errors.length;
  const personaNames = Object.keys(personas) as PersonaName[];
  for (const item of parseListItems(lines, 'setup line', errors)) {
    const [word = '', ...rest] = item.text.split(/\s+/);
    const argument = rest.join(' ');
    switch (word.toLowerCase()) {
      case 'persona': {
        const match = personaNames.find((name) => name === argument);
        if (match === undefined) {
          errors.push({
            line: item.line,
            message: `persona "${argument}" is not known${suggest(argument, personaNames)}; use one of ${personaNames.join(', ')}`,
          });
        } else persona = match;
        break;
      }
      case 'disable': {
        const parsed = argument === 'nothing' ? [] : parseFeatures(argument);
        if (typeof parsed === 'string') errors.push({ line: item.line, message: parsed });
        else disabled = parsed;
        break;
      }
      case 'plaintext-login':
        if (argument === 'on' || argument === 'off') plaintextLogin = argument === 'on';
        else
          errors.push({
            line: item.line,
            message: 'write "plaintext-login on" or "plaintext-login off"',
          });
        break;
      case 'reset':
        if (argument !== '' && argument !== 'mailboxes') {
          errors.push({ line: item.line, message: 'write "reset mailboxes"' });
        }
        resetMailboxes = true;
        break;
      default:
        errors.push({
          line: item.line,
          message: `unknown setup "${word}"; a step can set "persona NAME", "disable NAMES" (or "disable nothing"), "plaintext-login on|off" and "reset mailboxes"`,
        });
    }
  }
  if (
    persona === undefined &&
    disabled === undefined &&
    plaintextLogin === undefined &&
    !resetMailboxes &&
    errors.length === before
  ) {
    errors.push({ line: sectionLine, message: 'this Setup section sets nothing' });
  }
  return { persona, disabled, plaintextLogin, resetMailboxes };
}

function parseSolution(
  lines: readonly Line[],
  sectionLine: number,
  meta: LabMeta | undefined,
  errors: LabError[],
): ScriptLine[] {
  const script: ScriptLine[] = [];
  let fence: string | undefined;
  let blocks = 0;
  for (const line of lines) {
    const fenceMatch = FENCE.exec(line.text);
    if (fence === undefined) {
      if (fenceMatch) {
        fence = fenceMatch[2] as string;
        blocks++;
        if (blocks > 1)
          errors.push({ line: line.number, message: 'a solution holds one code block' });
      } else if (line.text.trim() !== '') {
        errors.push({
          line: line.number,
          message:
            'a solution is one code block (```) of what the student types; put explanations in the instructions or hints',
        });
      }
      continue;
    }
    if (
      fenceMatch &&
      (fenceMatch[2] as string).startsWith(fence) &&
      line.text.trim() === fenceMatch[2]
    ) {
      fence = undefined;
      continue;
    }
    const parsed = parseScriptLine(line.text, line.number);
    if (!parsed.ok) {
      errors.push({ line: line.number, message: parsed.message });
      continue;
    }
    const value = parsed.value;
    if (value?.kind === 'terminal' && value.terminal === 2 && meta && meta.terminals < 2) {
      errors.push({
        line: line.number,
        message:
          'this lab has one terminal; add "terminals: 2" to its front matter to use [terminal 2]',
      });
    }
    if (value) script.push(value);
  }
  if (blocks === 0)
    errors.push({ line: sectionLine, message: 'the solution needs a code block (```)' });
  return script;
}

function markdownOf(lines: readonly Line[]): string {
  return lines
    .map((line) => line.text)
    .join('\n')
    .trim();
}
