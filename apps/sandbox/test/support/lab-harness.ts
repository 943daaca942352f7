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
    // Several turns of the event loop, then on until the shell waits for a line and the lab has
    // been still for a few turns: engine pulls, maildrop reads and timers have all finished,
    // however slowly a busy machine runs them.
    let version = -1;
    let still = 0;
    const started = Date.now();
    for (let turn = 0; turn < 20 || (still < 3 && Date.now() - started < 10_000); turn++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      still = editor.reading && lab.version === version ? still + 1 : 0;
      version = lab.version;
    }
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
