/**
 * Deterministic mail for the microbenchmarks: the same seed gives the same bytes, so figures
 * from two runs measure the code, not the data. Shaped like the shared bulk fixture: ~72-column
 * text lines, a few starting with "." (dot-stuffing work) and no body line starting "From ".
 */
import { asctime } from '../src';

const WORDS = (
  'the of and to in is that for it as was with be by on not this are or from at which ' +
  'mail server message client protocol session mailbox retrieve delete list uidl octets ' +
  'spool maildir index lock network socket buffer queue timeout report latency sample'
).split(' ');

/** A small, fast, seedable generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bodyLine(next: () => number, index: number): string {
  const target = 40 + Math.floor(next() * 36);
  let line = '';
  while (line.length < target) line += `${WORDS[Math.floor(next() * WORDS.length)]} `;
  line = line.trimEnd();
  return index % 97 === 0 ? `.${line}` : line;
}

/** One message with LF line ends, about `size` bytes long. */
export function message(number: number, size: number, next: () => number): string {
  const date = new Date(Date.UTC(2010, 2, 15) + number * 60_000).toUTCString();
  const lines = [
    `Return-Path: <sender${number % 257}@example.org>`,
    `From: Sender ${number % 257} <sender${number % 257}@example.org>`,
    'To: student@example.net',
    `Subject: benchmark message ${number}`,
    `Date: ${date}`,
    `Message-ID: <bench-${number}@example.org>`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
  ];
  let length = lines.join('\n').length;
  for (let i = 0; length < size; i++) {
    const line = bodyLine(next, i);
    lines.push(line);
    length += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Sizes uniform in [0.2, 1.8] × averageSize, as in the shared fixture generator. */
export function messages(count: number, averageSize: number, seed = 1939): string[] {
  const next = random(seed);
  const out: string[] = [];
  for (let i = 1; i <= count; i++) {
    const size = Math.round(averageSize * (0.2 + 1.6 * next()));
    out.push(message(i, size, next));
  }
  return out;
}

/** The messages as one mbox file: a "From " line before each, an empty line after each. */
export function mbox(count: number, averageSize: number, seed = 1939): Uint8Array {
  const parts = messages(count, averageSize, seed).map((text, i) => {
    const when = new Date(Date.UTC(2010, 2, 15) + (i + 1) * 60_000);
    return `From sender${(i + 1) % 257}@example.org ${asctime(when)}\n${text}\n`;
  });
  return new TextEncoder().encode(parts.join(''));
}
