import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_BIN } from '../src/paths';
import { serverCommand, shebangNodeOptions } from '../src/server-command';

describe('how our server is started', () => {
  it('reads the Node options off the bin’s first line', () => {
    expect(shebangNodeOptions('#!/usr/bin/env -S node --max-semi-space-size=2\n// …')).toEqual([
      '--max-semi-space-size=2',
    ]);
    expect(shebangNodeOptions('#!/usr/bin/env node\n')).toEqual([]);
    expect(shebangNodeOptions('#!/usr/local/bin/node --a --b')).toEqual(['--a', '--b']);
    expect(shebangNodeOptions('// no shebang\n#!/usr/bin/env -S node --x\n')).toEqual([]);
  });

  it('runs the bin as a program when Node needs nothing more', () => {
    const bin = {
      path: '/srv/bin/server.mjs',
      readSource: () => {
        throw new Error('the source is not needed to run the bin as a program');
      },
    };
    expect(serverCommand(bin, '/usr/bin/node', [], ['--port', '0'])).toEqual({
      file: '/srv/bin/server.mjs',
      args: ['--port', '0'],
    });
  });

  it('keeps the bin’s own options when it runs under node for a profile', () => {
    const bin = { path: SERVER_BIN, readSource: () => readFileSync(SERVER_BIN, 'utf8') };
    const command = serverCommand(bin, '/usr/bin/node', ['--cpu-prof'], ['--quiet']);
    expect(command.file).toBe('/usr/bin/node');
    expect(command.args).toEqual(['--max-semi-space-size=2', '--cpu-prof', SERVER_BIN, '--quiet']);
  });
});
