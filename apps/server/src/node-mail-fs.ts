/**
 * The maildrops' file system on a real disk: node:fs/promises, with whole-file reads done by
 * blocking calls (`blockingReads`: from the page cache a few microseconds, where an
 * asynchronous open, read and close are three round trips through libuv's thread pool — about
 * ten times the CPU, measured in docs/performance.md).
 */
import * as fs from 'node:fs';
import * as promises from 'node:fs/promises';
import { blockingReads, type MailFs } from '@pop3-lab/core';

export const nodeMailFs: MailFs = blockingReads(promises as unknown as MailFs, fs);
