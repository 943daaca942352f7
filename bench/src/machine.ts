/** What the figures were measured on. */
import { cpus, loadavg, release, totalmem } from 'node:os';
import type { MachineNotes } from './report';

export function loadNow(): string {
  return loadavg()[0]!.toFixed(2);
}

export function machineNotes(dovecot: string, loadAtStart: string): MachineNotes {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGB: totalmem() / 1024 ** 3,
    kernel: release(),
    node: process.version,
    dovecot,
    load: `${loadAtStart} / ${loadNow()}`,
  };
}
