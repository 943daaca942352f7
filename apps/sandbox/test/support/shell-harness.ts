/**
 * A shell on a real memfs volume, a fake terminal and an in-page network, for command tests.
 * `run` executes one line and returns its status and what it printed, escapes removed.
 */
import { Volume } from 'memfs';
import { translator, type Language } from '../../src/i18n/messages';
import { InPageNetwork } from '../../src/net/network';
import { allCommands } from '../../src/shell/commands';
import { Shell } from '../../src/shell/shell';
import { shellFsFromVolume, type VolumePromises } from '../../src/shell/shell-fs';
import { stripAnsi } from '../../src/terminal/ansi';
import { LineEditor } from '../../src/terminal/line-editor';
import { FakeTerminal } from './fake-terminal';

export interface Harness {
  readonly term: FakeTerminal;
  readonly editor: LineEditor;
  readonly shell: Shell;
  readonly volume: InstanceType<typeof Volume>;
  readonly network: InPageNetwork;
  language: Language;
  resets: number;
  run(line: string): Promise<{ status: number; output: string }>;
}

export function createHarness(
  files: Record<string, string> = {},
  network?: InPageNetwork,
): Harness {
  const volume = Volume.fromJSON({ '/home/student/.keep': '', ...files });
  const term = new FakeTerminal(80);
  const editor = new LineEditor(term);
  const net = network ?? new InPageNetwork({ hostNames: ['localhost', 'mail.example.test'] });
  const harness: Harness = {
    term,
    editor,
    volume,
    network: net,
    language: 'en',
    resets: 0,
    shell: undefined as unknown as Shell,
    async run(line) {
      const before = term.written.length;
      const status = await harness.shell.execute(line);
      const output = stripAnsi(term.written.slice(before)).replace(/\r\n/g, '\n');
      return { status, output };
    },
  };
  (harness as { shell: Shell }).shell = new Shell({
    editor,
    world: {
      fs: shellFsFromVolume(volume.promises as unknown as VolumePromises),
      network: net,
      resetSamples: async () => {
        harness.resets += 1;
      },
    },
    commands: allCommands,
    t: translator(() => harness.language),
  });
  return harness;
}
