/**
 * Replies of the TRANSACTION state: STAT, LIST, RETR, TOP, DELE, RSET, UIDL, LAST.
 */
import { plural, reply } from './reply-spec';

const lfSizes = {
  en: 'This persona counts sizes with LF line ends, as stored, while RETR sends CRLF: every size is short by one octet per line.',
  fr: 'Ce personnage compte les tailles avec des fins de ligne LF, comme stockées, alors que RETR envoie des CRLF : chaque taille est trop petite d’un octet par ligne.',
};

const noStuffing = {
  en: 'This persona does not byte-stuff: a message line that begins with "." is sent as is, and the client reads it wrongly (a lone "." even ends the reply early).',
  fr: 'Ce personnage ne fait pas le bourrage : une ligne de message commençant par « . » part telle quelle, et le client la lit de travers (un « . » seul termine même la réponse trop tôt).',
};

const renumbering = {
  en: 'This persona renumbers the messages after each DELE, which RFC 1939 forbids: the numbers you saw before are no longer right.',
  fr: 'Ce personnage renumérote les messages après chaque DELE, ce que la RFC 1939 interdit : les numéros vus avant ne sont plus les bons.',
};

export const transactionReplies = {
  stat: reply<{ count: number; octets: number }>({
    ok: true,
    rfc: 'RFC 1939 §5',
    say: { en: (p) => `${p.count} ${p.octets}`, fr: (p) => `${p.count} ${p.octets}` },
    why: {
      en: (p) =>
        `STAT: ${plural(p.count, 'message', 'messages')}, ${p.octets} octets in all, counted with CRLF line ends. Messages marked as deleted are not counted.`,
      fr: (p) =>
        `STAT : ${plural(p.count, 'message', 'messages')}, ${p.octets} octets au total, comptés avec des fins de ligne CRLF. Les messages marqués pour suppression ne comptent pas.`,
    },
    flaw: { 'lf-sizes': lfSizes },
  }),

  'list-all': reply<{ count: number; octets: number }>({
    ok: true,
    rfc: 'RFC 1939 §5',
    say: {
      en: (p) => `${plural(p.count, 'message', 'messages')}:`,
      fr: (p) => `${plural(p.count, 'message', 'messages')} :`,
      rfc1939: (p) => `${plural(p.count, 'message', 'messages')} (${p.octets} octets)`,
    },
    why: {
      en: 'LIST gives one line per message: its number and its exact size in octets (CRLF line ends, before byte-stuffing). Deleted messages are left out; the others keep their numbers.',
      fr: 'LIST donne une ligne par message : son numéro et sa taille exacte en octets (fins de ligne CRLF, avant bourrage). Les messages supprimés sont omis ; les autres gardent leur numéro.',
    },
    flaw: { 'lf-sizes': lfSizes, renumbering },
  }),

  'list-one': reply<{ msg: number; size: number }>({
    ok: true,
    rfc: 'RFC 1939 §5',
    say: { en: (p) => `${p.msg} ${p.size}`, fr: (p) => `${p.msg} ${p.size}` },
    why: {
      en: (p) => `LIST ${p.msg}: message ${p.msg} is ${p.size} octets long, as RETR will send it.`,
      fr: (p) =>
        `LIST ${p.msg} : le message ${p.msg} fait ${p.size} octets, tel que RETR l’enverra.`,
    },
    flaw: { 'lf-sizes': lfSizes },
  }),

  'no-such-message': reply<{ msg: string; count: number }>({
    ok: false,
    rfc: 'RFC 1939 §5',
    say: {
      en: (p) => `There is no message ${p.msg}.`,
      fr: (p) => `Il n'y a pas de message ${p.msg}.`,
      rfc1939: 'no such message',
    },
    why: {
      en: (p) =>
        p.count === 0
          ? 'The maildrop is empty: there is no message to act on.'
          : `Messages are numbered from 1 to ${p.count} for this whole session.`,
      fr: (p) =>
        p.count === 0
          ? 'La boîte est vide : il n’y a aucun message.'
          : `Les messages sont numérotés de 1 à ${p.count} pour toute la session.`,
    },
    flaw: { renumbering },
  }),

  'message-deleted': reply<{ msg: number }>({
    ok: false,
    rfc: 'RFC 1939 §5',
    say: {
      en: (p) => `Message ${p.msg} is marked as deleted.`,
      fr: (p) => `Le message ${p.msg} est marqué pour suppression.`,
      rfc1939: (p) => `message ${p.msg} already deleted`,
    },
    why: {
      en: (p) =>
        `Message numbers never shift after DELE: ${p.msg} is still message ${p.msg}, but it is marked as deleted and every command on it gets -ERR until RSET.`,
      fr: (p) =>
        `Les numéros ne bougent jamais après DELE : ${p.msg} est toujours le message ${p.msg}, mais il est marqué pour suppression et toute commande sur lui reçoit -ERR jusqu’à RSET.`,
    },
  }),

  retr: reply<{ msg: number; size: number }>({
    ok: true,
    rfc: 'RFC 1939 §5',
    say: { en: (p) => `${p.size} octets`, fr: (p) => `${p.size} octets` },
    why: {
      en: (p) =>
        `Message ${p.msg} follows: ${p.size} octets with CRLF line ends. A line that begins with "." is sent with one more "." (byte-stuffing), and a line holding a single "." ends the reply.`,
      fr: (p) =>
        `Le message ${p.msg} suit : ${p.size} octets avec des fins de ligne CRLF. Une ligne qui commence par « . » est envoyée avec un « . » de plus (bourrage), et une ligne réduite à « . » termine la réponse.`,
    },
    flaw: { 'lf-sizes': lfSizes, 'no-dot-stuffing': noStuffing },
  }),

  top: reply<{ msg: number; lines: number }>({
    ok: true,
    rfc: 'RFC 1939 §7',
    say: { en: '', fr: '', rfc1939: 'top of message follows' },
    why: {
      en: (p) =>
        `TOP ${p.msg} ${p.lines}: the header of message ${p.msg}, the blank line, then the first ${plural(p.lines, 'line', 'lines')} of its body (the whole body if shorter). Byte-stuffed like RETR.`,
      fr: (p) =>
        `TOP ${p.msg} ${p.lines} : l’en-tête du message ${p.msg}, la ligne vide, puis ${plural(p.lines, 'ligne', 'lignes')} du corps (tout le corps s’il est plus court). Avec bourrage, comme RETR.`,
    },
    flaw: { 'no-dot-stuffing': noStuffing },
  }),

  'utf8-required': reply<{ msg: number }>({
    ok: false,
    code: 'UTF8',
    rfc: 'RFC 6856 §5',
    say: {
      en: (p) => `Message ${p.msg} has UTF-8 headers; send UTF8 before logging in.`,
      fr: (p) => `Le message ${p.msg} a des en-têtes UTF-8 ; envoyez UTF8 avant de vous connecter.`,
    },
    why: {
      en: 'Outside UTF-8 mode a server must not send raw non-ASCII headers, so it refuses the message. UTF8 is only valid before login: QUIT, reconnect, send UTF8, then log in.',
      fr: 'Hors du mode UTF-8, le serveur ne doit pas envoyer d’en-têtes non ASCII bruts : il refuse le message. UTF8 n’est valable qu’avant la connexion : QUIT, reconnectez-vous, envoyez UTF8, puis connectez-vous.',
    },
  }),

  'read-failed': reply<{ msg: number }>({
    ok: false,
    code: 'SYS/TEMP',
    rfc: 'RFC 3206 §4',
    say: {
      en: (p) => `Cannot read message ${p.msg} right now.`,
      fr: (p) => `Impossible de lire le message ${p.msg} pour l'instant.`,
    },
    why: {
      en: 'The maildrop could not be read. [SYS/TEMP] says the problem is temporary: the client may try again.',
      fr: 'La boîte n’a pas pu être lue. [SYS/TEMP] indique un problème temporaire : le client peut réessayer.',
    },
  }),

  dele: reply<{ msg: number }>({
    ok: true,
    rfc: 'RFC 1939 §5',
    say: {
      en: 'Marked to be deleted.',
      fr: 'Marqué pour suppression.',
      rfc1939: (p) => `message ${p.msg} deleted`,
    },
    why: {
      en: (p) =>
        `Message ${p.msg} is only marked: it is removed at QUIT (the UPDATE state), RSET unmarks it, and the other messages keep their numbers.`,
      fr: (p) =>
        `Le message ${p.msg} est seulement marqué : il sera supprimé au QUIT (état UPDATE), RSET le démarque, et les autres messages gardent leur numéro.`,
    },
    flaw: { renumbering },
  }),

  rset: reply<{ count: number; octets: number; restored: number }>({
    ok: true,
    rfc: 'RFC 1939 §5',
    say: {
      en: '',
      fr: '',
      rfc1939: (p) => `maildrop has ${plural(p.count, 'message', 'messages')} (${p.octets} octets)`,
    },
    why: {
      en: (p) =>
        p.restored === 0
          ? 'RSET unmarks every message marked as deleted; none was.'
          : `RSET unmarks the ${plural(p.restored, 'message', 'messages')} marked as deleted: nothing will be removed at QUIT.`,
      fr: (p) =>
        p.restored === 0
          ? 'RSET démarque tous les messages marqués pour suppression ; il n’y en avait aucun.'
          : `RSET démarque ${plural(p.restored, 'message marqué', 'messages marqués')} pour suppression : rien ne sera supprimé au QUIT.`,
    },
  }),

  'uidl-all': reply({
    ok: true,
    rfc: 'RFC 1939 §7',
    say: { en: '', fr: '', rfc1939: 'unique-id listing follows' },
    why: {
      en: 'UIDL gives each message an id that never changes across sessions; clients that leave mail on the server use it to know what they already have. Deleted messages are left out.',
      fr: 'UIDL donne à chaque message un identifiant qui ne change jamais d’une session à l’autre ; les clients qui laissent le courrier sur le serveur s’en servent pour savoir ce qu’ils ont déjà. Les messages supprimés sont omis.',
    },
  }),

  'uidl-one': reply<{ msg: number; uid: string }>({
    ok: true,
    rfc: 'RFC 1939 §7',
    say: { en: (p) => `${p.msg} ${p.uid}`, fr: (p) => `${p.msg} ${p.uid}` },
    why: {
      en: (p) => `Message ${p.msg} has the unique id ${p.uid}, the same in every session.`,
      fr: (p) => `Le message ${p.msg} a l’identifiant unique ${p.uid}, le même à chaque session.`,
    },
  }),

  last: reply<{ msg: number }>({
    ok: true,
    rfc: 'RFC 1460 §5',
    say: { en: (p) => `${p.msg}`, fr: (p) => `${p.msg}` },
    why: {
      en: 'LAST (RFC 1460, dropped by later versions of POP3): the highest message number touched by RETR or DELE in this session, 0 after RSET.',
      fr: 'LAST (RFC 1460, retirée des versions suivantes de POP3) : le plus grand numéro de message touché par RETR ou DELE dans cette session, 0 après RSET.',
    },
  }),
};
