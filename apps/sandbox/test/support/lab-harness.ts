/**
 * A lab with its shell on a fake terminal, for tests that type at it like a student.
 * `type(line)` types a line and Enter; `settle()` waits until the page would be idle.
 */
import { translator, type Language } from '../../src/i18n/messages';
import { Lab, type LabMail, type ServerSettings } from '../../src/lab/lab';
import { allCommands } from '../../src/shell/commands';
import { Shell } from '../../src/shell/shell';
import { LineEditor } from '../../src/terminal/line-editor';
import { FakeTerminal } from './fake-terminal';
import { fixtureMail } from './fixture-mail';

export interface LabHarness {
  readonly lab: Lab;
  readonly term: FakeTerminal;
  readonly shell: Shell;
  settings: ServerSettings;
  language: Language;
  type(text: string): Promise<void>;
  /** What the screen shows (the fake terminal keeps every row), trailing blanks trimmed. */
  readonly text: string;
  settle(): Promise<void>;
  stop(): void;
}

export async function createLabHarness(mail: LabMail = fixtureMail): Promise<LabHarness> {
  const harness = {
    settings: {
      persona: 'dovecot-like',
      disabled: [],
      allowPlaintextAuth: true,
      language: 'en',
    } as ServerSettings,
    language: 'en' as Language,
  } as LabHarness;
  const lab = await Lab.create(mail, () => harness.settings);
  const term = new FakeTerminal(100);
  const editor = new LineEditor(term);
  const shell = new Shell({
    editor,
    world: { fs: lab.fs, network: lab.network, resetSamples: () => lab.reset() },
    commands: allCommands,
    t: translator(() => harness.language),
  });
  void shell.run();
  const settle = async () => {
    // Several turns of the event loop: engine pulls, maildrop reads and timers all finish.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  Object.assign(harness, {
    lab,
    term,
    shell,
    settle,
    async type(text: string) {
      term.type(text + '\r');
      await settle();
    },
    stop: () => shell.stop(),
  });
  Object.defineProperty(harness, 'text', {
    get: () => term.screen,
  });
  return harness;
}
