/**
 * The demo player: it types a lab's solution key by key into the right terminal, waits for the
 * answers, fills in placeholders from the live greeting, applies each step's setup first, and
 * can be paused, resumed and stopped.
 */
import { describe, expect, it } from 'vitest';
import { apopDigest } from '@pop3-lab/core';
import { parseLab, type LabDocument } from '@pop3-lab/labs';
import { DemoPlayer, type DemoSink } from '../src/course/demo-player';

function lab(): LabDocument {
  const parsed = parseLab(`---
id: demo
title: Demo
language: en
level: beginner
mailboxes: samples
persona: dovecot-like
terminals: 2
---

## One

Connect.

### Objectives

- Connect \`connect\`

### Solution

\`\`\`
$ telnet localhost 110
[terminal 2]
$ echo -n '{timestamp}epikoi' | md5sum
[terminal 1]
apop chris {digest:epikoi}
^]
\`\`\`

## Two

Leave.

### Objectives

- Quit \`send QUIT\`

### Setup

- persona strict-rfc1939

### Solution

\`\`\`
[pause 1]
quit
\`\`\`
`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.lab;
}

class RecordingSink implements DemoSink {
  readonly typed: string[] = ['', '', ''];
  readonly log: string[] = [];
  shown = 1;
  settledCalls = 0;
  showTerminal(terminal: 1 | 2): void {
    this.shown = terminal;
    this.log.push(`show ${terminal}`);
  }
  keys(terminal: 1 | 2, data: string): void {
    this.typed[terminal] += data;
  }
  async settled(): Promise<void> {
    this.settledCalls++;
  }
  timestamps(): readonly string[] {
    return ['<1.42@mail.example.test>'];
  }
  enterStep(index: number): void {
    this.log.push(`step ${index}`);
  }
}

const instant = { sleep: () => Promise.resolve() };

describe('the demo player', () => {
  it('types every line, in the right terminal, with the placeholders filled in', async () => {
    const sink = new RecordingSink();
    const player = new DemoPlayer(lab(), sink, instant);
    const states: string[] = [];
    player.subscribe((state) => states.push(state));
    await player.play();
    const digest = apopDigest('<1.42@mail.example.test>', 'epikoi');
    expect(sink.typed[1]).toBe(`telnet localhost 110\rapop chris ${digest}\r\x1dquit\r`);
    expect(sink.typed[2]).toBe("echo -n '<1.42@mail.example.test>epikoi' | md5sum\r");
    expect(sink.log).toEqual(['step 0', 'show 2', 'show 1', 'step 1']);
    expect(sink.settledCalls).toBe(4);
    expect(player.state).toBe('finished');
    expect(states[0]).toBe('playing');
    expect(states.at(-1)).toBe('finished');
  });

  it('holds still while paused and stops for good when the reader takes over', async () => {
    const sink = new RecordingSink();
    let tick: () => void = () => {};
    const clock = { sleep: () => new Promise<void>((resolve) => (tick = resolve)) };
    const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
    const player = new DemoPlayer(lab(), sink, clock);
    const done = player.play();
    await flush();
    expect(sink.typed[1]).toBe('t');
    tick();
    await flush();
    expect(sink.typed[1]).toBe('te');
    player.pause();
    tick();
    await flush();
    expect(sink.typed[1]).toBe('te');
    expect(player.state).toBe('paused');
    player.resume();
    await flush();
    expect(sink.typed[1]).toBe('tel');
    player.stop();
    tick();
    await done;
    expect(player.state).toBe('stopped');
    expect(sink.typed[1]).toBe('tel');
    player.resume();
    expect(player.state).toBe('stopped');
  });
});
