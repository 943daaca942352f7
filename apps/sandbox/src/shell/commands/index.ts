/** Every command of the lab's shell, in the order `help` lists them. */
import type { Command } from '../command';
import { nc } from '../../clients/nc';
import { openssl } from '../../clients/openssl';
import { telnet } from '../../clients/telnet';
import { cat, cd, ls, pwd } from './file-commands';
import { grep, seq } from './filter-commands';
import { clear, help, history, reset } from './session-commands';
import { base64, echo, md5sum, printf } from './text-commands';

export const allCommands: readonly Command[] = [
  help,
  telnet,
  nc,
  openssl,
  cat,
  ls,
  cd,
  pwd,
  echo,
  printf,
  seq,
  grep,
  base64,
  md5sum,
  clear,
  history,
  reset,
];
