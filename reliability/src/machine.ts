/** What the figures were measured on, and when. */
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface Machine {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly kernel: string;
  readonly node: string;
  /** 1-minute load average at the start and at the end of the run: the machine is shared. */
  readonly load: string;
}

export function describeMachine(loadAtStart: number): Machine {
  const list = cpus();
  return {
    date: new Date().toISOString(),
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: release(),
    node: process.version,
    load: `${loadAtStart.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
  };
}

export const loadNow = (): number => loadavg()[0]!;
