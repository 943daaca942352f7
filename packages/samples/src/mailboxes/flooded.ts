/**
 * The mbox of a user who has been mail-bombed: 300 junk messages in one night, built from a
 * fixed seed so every copy of the lab has the same ones, with one real message hidden among
 * them (number 137). The exercise: find it with TOP, delete everything else, QUIT.
 */
import { formatFromLine } from '@pop3-lab/core';
import { SeededRandom } from '../random';

export const FLOOD_SIZE = 300;
/** The position (1-based, as POP3 numbers it) of the one message worth keeping. */
export const FLOOD_REAL_MESSAGE = 137;

const subjects = [
  'You have WON a free cruise!!!',
  'Votre colis est en attente de livraison',
  'URGENT: confirm your account now',
  'Invoice #{n} overdue',
  'Rencontres près de chez vous',
  'Make 5000 EUR a week from home',
  'Dernier avis avant suspension de votre compte',
  'Cheap watches, cheap pills, cheap everything',
  'Re: your inheritance claim',
  'Félicitations, vous êtes notre {n}e visiteur !',
  'Crypto opportunity you cannot miss',
  'Your mailbox is almost full (99%)',
];

const openings = ['Dear customer,', 'Hello friend,', 'Cher client,', 'ATTENTION:', 'Bonjour,'];

const pitches = [
  'Click the link below within 24 hours to claim what is yours.',
  'Cliquez sur le lien ci-dessous pour débloquer votre envoi.',
  'This offer is only for you and expires tonight.',
  'Reply with your bank details so that we can transfer the funds.',
  'Aucune carte bancaire requise, c’est totalement gratuit !',
  'Our records show a problem with your account; log in to fix it.',
];

const senders = ['promo', 'service', 'winner', 'noreply', 'info', 'support', 'deals', 'admin'];
const domains = [
  'example.net',
  'example.org',
  'example.com',
  'bulk.example.net',
  'mx7.example.org',
];

function junk(random: SeededRandom, n: number, date: Date): { sender: string; text: string } {
  const sender = `${random.pick(senders)}${random.int(1, 999)}@${random.pick(domains)}`;
  const subject = random.pick(subjects).replace('{n}', String(random.int(1000, 99999)));
  const id = `${date.getTime().toString(36)}.${n}`;
  const lines = [random.pick(openings), '', random.pick(pitches), random.pick(pitches), ''];
  lines.push(`http://${random.pick(domains)}/claim?id=${random.int(100000, 999999)}`, '');
  return {
    sender,
    text:
      `Return-Path: <${sender}>\n` +
      `Delivered-To: flooded@passerelle.example.test\n` +
      `Date: ${date.toUTCString().replace('GMT', '+0000')}\n` +
      `From: ${sender}\n` +
      `To: flooded@passerelle.example.test\n` +
      `Subject: ${subject}\n` +
      `Message-ID: <${id}@${sender.split('@')[1]}>\n` +
      `Content-Type: text/plain; charset=UTF-8\n` +
      `\n` +
      `${lines.join('\n')}\n`,
  };
}

function real(date: Date): { sender: string; text: string } {
  const sender = 'chris@passerelle.example.test';
  return {
    sender,
    text:
      `Return-Path: <${sender}>\n` +
      `Delivered-To: flooded@passerelle.example.test\n` +
      `Date: ${date.toUTCString().replace('GMT', '+0000')}\n` +
      `From: Chris <${sender}>\n` +
      `To: flooded@passerelle.example.test\n` +
      `Subject: The real one: your new access badge\n` +
      `Message-ID: <badge-${date.getTime()}@passerelle.example.test>\n` +
      `Content-Type: text/plain; charset=UTF-8\n` +
      `\n` +
      `Hi,\n\nYour new access badge is ready; pick it up at the front desk before Friday.\n` +
      `This is the one message in your box that is not junk, so keep it!\n\nChris\n`,
  };
}

/** The mbox file, built the same way on every call. */
export function floodedMbox(): string {
  const random = new SeededRandom(20260301);
  let mbox = '';
  let time = Date.UTC(2026, 2, 1, 1, 0, 0);
  for (let n = 1; n <= FLOOD_SIZE + 1; n++) {
    time += random.int(20, 240) * 1000;
    const date = new Date(time);
    const { sender, text } = n === FLOOD_REAL_MESSAGE ? real(date) : junk(random, n, date);
    mbox += `${formatFromLine(sender, date)}\n${text}\n`;
  }
  return mbox;
}
