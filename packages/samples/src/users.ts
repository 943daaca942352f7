/**
 * Who can log in to the lab, with which password, and where their mail lives. One table for
 * the sandbox, the server and the tests. chris/epikoi is the login of the classic telnet
 * walk-through, so a student can follow it keystroke for keystroke.
 */
export interface SampleUser {
  readonly user: string;
  readonly password: string;
  readonly format: 'mbox' | 'maildir';
  /** Where the mail lives, as on a classic Unix mail host. */
  readonly path: string;
  readonly description: { readonly en: string; readonly fr: string };
}

export const SAMPLE_SPOOL_DIR = '/var/spool/mail';

export function sampleMaildirPath(user: string): string {
  return `/home/${user}/Maildir`;
}

const mbox = (user: string) => `${SAMPLE_SPOOL_DIR}/${user}`;

export const sampleUsers: readonly SampleUser[] = Object.freeze([
  {
    user: 'chris',
    password: 'epikoi',
    format: 'mbox',
    path: mbox('chris'),
    description: {
      en: 'Receives the system mail of a small gateway: a logcheck report, a Fail2Ban alert and a test message. His mbox also holds the hidden folder-data message, which cat shows and POP3 does not.',
      fr: "Reçoit le courrier système d'une petite passerelle : un rapport logcheck, une alerte Fail2Ban et un message d'essai. Sa boîte mbox contient aussi le message caché de données du dossier, que cat affiche et que POP3 ne montre pas.",
    },
  },
  {
    user: 'alice',
    password: 'alice-pw',
    format: 'maildir',
    path: sampleMaildirPath('alice'),
    description: {
      en: 'Keeps her mail in a Maildir: one file per message. Three messages already read in cur/, one new in new/ (moved to cur/ when a session opens).',
      fr: 'Range son courrier dans un Maildir : un fichier par message. Trois messages déjà lus dans cur/, un nouveau dans new/ (déplacé dans cur/ à l’ouverture d’une session).',
    },
  },
  {
    user: 'flooded',
    password: 'flooded-pw',
    format: 'mbox',
    path: mbox('flooded'),
    description: {
      en: 'Mail-bombed: 300 junk messages, and one real message hidden among them. Find it with TOP, then clear out the rest with DELE and QUIT.',
      fr: 'Bombardé de courrier : 300 messages indésirables, et un vrai message caché parmi eux. Trouvez-le avec TOP, puis videz le reste avec DELE et QUIT.',
    },
  },
  {
    user: 'edge',
    password: 'edge-pw',
    format: 'mbox',
    path: mbox('edge'),
    description: {
      en: 'Hard cases: lines starting with "." and "From ", UTF-8 headers and text, an attachment, an empty body, mixed CRLF and LF line ends, a very long line.',
      fr: 'Cas difficiles : lignes commençant par « . » et « From », en-têtes et texte en UTF-8, une pièce jointe, un corps vide, des fins de ligne CRLF et LF mélangées, une très longue ligne.',
    },
  },
  {
    user: 'empty',
    password: 'empty-pw',
    format: 'mbox',
    path: mbox('empty'),
    description: {
      en: 'An empty mailbox: STAT answers +OK 0 0.',
      fr: 'Une boîte vide : STAT répond +OK 0 0.',
    },
  },
] satisfies SampleUser[]);

/** user → password, for an authenticator. */
export function sampleLogins(): Map<string, string> {
  return new Map(sampleUsers.map((u) => [u.user, u.password]));
}
