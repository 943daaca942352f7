/**
 * Replies that can happen in any state: the greeting, command errors, limits, CAPA, NOOP,
 * LANG, UTF8 and QUIT.
 */
import { plural, reply } from './reply-spec';

export const generalReplies = {
  greeting: reply<{ banner: string; timestamp: string | undefined }>({
    ok: true,
    rfc: 'RFC 1939 §4',
    say: {
      en: (p) => (p.timestamp === undefined ? p.banner : `${p.banner} ${p.timestamp}`),
      fr: (p) => (p.timestamp === undefined ? p.banner : `${p.banner} ${p.timestamp}`),
    },
    why: {
      en: (p) =>
        'The server is ready and the session is in the AUTHORIZATION state: log in with USER and PASS' +
        (p.timestamp === undefined
          ? '.'
          : `, or with APOP. The ${p.timestamp} part is unique to this connection: APOP digests it together with your password (RFC 1939 §7).`),
      fr: (p) =>
        'Le serveur est prêt et la session est dans l’état AUTHORIZATION : connectez-vous avec USER et PASS' +
        (p.timestamp === undefined
          ? '.'
          : `, ou avec APOP. La partie ${p.timestamp} est propre à cette connexion : APOP la combine avec votre mot de passe dans un condensé MD5 (RFC 1939 §7).`),
    },
  }),

  'unknown-command': reply<{ keyword: string }>({
    ok: false,
    rfc: 'RFC 1939 §3',
    say: {
      en: (p) => `Unknown command: ${p.keyword}`,
      fr: (p) => `Commande inconnue : ${p.keyword}`,
    },
    why: {
      en: 'POP3 has a small, fixed set of commands; a server must answer -ERR to anything it does not recognise or does not implement. Keywords are case-insensitive.',
      fr: 'POP3 a un petit jeu de commandes fixe ; le serveur doit répondre -ERR à tout ce qu’il ne reconnaît pas ou n’implémente pas. La casse des mots-clés est indifférente.',
    },
  }),

  'command-disabled': reply<{ keyword: string }>({
    ok: false,
    rfc: 'RFC 1939 §3',
    say: {
      en: (p) => `Unknown command: ${p.keyword}`,
      fr: (p) => `Commande inconnue : ${p.keyword}`,
    },
    why: {
      en: (p) =>
        `${p.keyword} is part of POP3 but switched off on this server. A client cannot tell a missing command from a refused one; it has to cope with -ERR.`,
      fr: (p) =>
        `${p.keyword} fait partie de POP3 mais est désactivée sur ce serveur. Un client ne peut pas distinguer une commande absente d’une commande refusée ; il doit faire avec le -ERR.`,
    },
    flaw: {
      'phantom-capability': (p) =>
        p.keyword === 'UIDL'
          ? {
              en: 'This persona lists UIDL in CAPA although it has no UIDL command: a client that believed CAPA is now stuck.',
              fr: 'Ce personnage annonce UIDL dans CAPA alors qu’il n’a pas de commande UIDL : un client qui a cru CAPA est maintenant bloqué.',
            }
          : undefined,
    },
  }),

  'empty-command': reply({
    ok: false,
    rfc: 'RFC 1939 §3',
    say: { en: 'Empty command.', fr: 'Commande vide.' },
    why: {
      en: 'An empty line is not a command: type a keyword such as STAT, then Enter.',
      fr: 'Une ligne vide n’est pas une commande : tapez un mot-clé comme STAT, puis Entrée.',
    },
  }),

  'not-logged-in': reply<{ keyword: string }>({
    ok: false,
    rfc: 'RFC 1939 §3',
    say: {
      en: (p) => `Log in first: ${p.keyword} is only valid in the TRANSACTION state.`,
      fr: (p) => `Connectez-vous d'abord : ${p.keyword} n'est valable que dans l'état TRANSACTION.`,
    },
    why: {
      en: 'This command works on the maildrop, which is opened only after a successful login (USER and PASS, APOP or AUTH). A command sent in the wrong state must get -ERR.',
      fr: 'Cette commande agit sur la boîte aux lettres, qui n’est ouverte qu’après une connexion réussie (USER et PASS, APOP ou AUTH). Une commande envoyée dans le mauvais état doit recevoir -ERR.',
    },
  }),

  'already-logged-in': reply<{ keyword: string }>({
    ok: false,
    rfc: 'RFC 1939 §3',
    say: {
      en: (p) => `Already logged in: ${p.keyword} is only valid in the AUTHORIZATION state.`,
      fr: (p) => `Déjà connecté : ${p.keyword} n'est valable que dans l'état AUTHORIZATION.`,
    },
    why: {
      en: 'Login commands (USER, PASS, APOP, AUTH) and STLS and UTF8 belong to the AUTHORIZATION state. To log in as someone else, QUIT and connect again.',
      fr: 'Les commandes de connexion (USER, PASS, APOP, AUTH) ainsi que STLS et UTF8 appartiennent à l’état AUTHORIZATION. Pour changer d’utilisateur, faites QUIT et reconnectez-vous.',
    },
  }),

  'line-too-long': reply<{ discarded: number; limit: number }>({
    ok: false,
    rfc: 'RFC 2449 §4',
    say: {
      en: (p) => `Line too long: ${p.discarded} octets discarded, the limit is ${p.limit}.`,
      fr: (p) => `Ligne trop longue : ${p.discarded} octets ignorés, la limite est de ${p.limit}.`,
    },
    why: {
      en: (p) =>
        `A command line is at most ${p.limit} octets, CRLF included. The server threw this one away without running it, and the session goes on.`,
      fr: (p) =>
        `Une ligne de commande fait au plus ${p.limit} octets, CRLF compris. Le serveur l’a jetée sans l’exécuter, et la session continue.`,
    },
  }),

  syntax: reply<{ usage: string }>({
    ok: false,
    rfc: 'RFC 1939 §3',
    say: {
      en: (p) => `Invalid arguments. Usage: ${p.usage}`,
      fr: (p) => `Arguments invalides. Syntaxe : ${p.usage}`,
    },
    why: {
      en: (p) =>
        `The command is known but its arguments are missing or malformed; expected "${p.usage}". Message numbers are decimal, starting at 1.`,
      fr: (p) =>
        `La commande est connue mais ses arguments manquent ou sont mal formés ; attendu : « ${p.usage} ». Les numéros de message sont décimaux et commencent à 1.`,
    },
  }),

  'too-many-bad-commands': reply({
    ok: false,
    rfc: 'RFC 1939 §6',
    say: {
      en: 'Too many invalid commands, closing the connection.',
      fr: 'Trop de commandes invalides, fermeture de la connexion.',
    },
    why: {
      en: 'A server policy against clients stuck in a loop. The connection closes without entering UPDATE, so nothing is deleted.',
      fr: 'Une règle du serveur contre les clients qui tournent en boucle. La connexion se ferme sans passer par UPDATE : rien n’est supprimé.',
    },
  }),

  'too-much-input': reply({
    ok: false,
    rfc: 'RFC 2449 §6.6',
    say: {
      en: 'Too many commands waiting, closing the connection.',
      fr: 'Trop de commandes en attente, fermeture de la connexion.',
    },
    why: {
      en: 'Pipelining lets a client send commands without waiting, but it must keep reading the replies. This one kept sending without reading, so the server protects its memory and hangs up; nothing is deleted.',
      fr: 'Le pipelining permet d’envoyer des commandes sans attendre, mais le client doit continuer à lire les réponses. Celui-ci envoie sans lire : le serveur protège sa mémoire et raccroche ; rien n’est supprimé.',
    },
  }),

  flaky: reply({
    ok: false,
    code: 'SYS/TEMP',
    rfc: 'RFC 3206 §4',
    say: { en: 'Temporary failure, please try again.', fr: 'Panne temporaire, réessayez.' },
    why: {
      en: 'This persona fails every fifth command on purpose, without running it. [SYS/TEMP] means a temporary system problem: the client may try the same command again.',
      fr: 'Ce personnage fait exprès d’échouer une commande sur cinq, sans l’exécuter. [SYS/TEMP] signale un problème système temporaire : le client peut renvoyer la même commande.',
    },
  }),

  capa: reply({
    ok: true,
    rfc: 'RFC 2449 §5',
    say: { en: 'Capability list follows', fr: 'Liste des capacités :' },
    why: {
      en: 'CAPA lists, one per line, the optional commands and behaviours this server offers in the current state; a line with a single dot ends the list. Send it again after STLS or login: the list may change.',
      fr: 'CAPA liste, une par ligne, les commandes et comportements optionnels offerts dans l’état courant ; une ligne réduite à un point termine la liste. Renvoyez-la après STLS ou après la connexion : la liste peut changer.',
    },
    flaw: {
      'phantom-capability': {
        en: 'This persona lists UIDL but has no UIDL command.',
        fr: 'Ce personnage annonce UIDL mais n’a pas de commande UIDL.',
      },
    },
  }),

  noop: reply({
    ok: true,
    rfc: 'RFC 1939 §5',
    say: { en: '', fr: '' },
    why: {
      en: 'NOOP does nothing and answers +OK; clients use it to check that the connection is alive.',
      fr: 'NOOP ne fait rien et répond +OK ; les clients s’en servent pour vérifier que la connexion est vivante.',
    },
  }),

  'lang-list': reply({
    ok: true,
    rfc: 'RFC 6856 §3.2',
    say: { en: 'Language listing follows:', fr: 'Langues disponibles :' },
    why: {
      en: 'LANG without an argument lists the languages of reply texts: a tag, a space, and the name of the language in itself.',
      fr: 'LANG sans argument liste les langues des textes de réponse : une étiquette, une espace, et le nom de la langue dans cette langue.',
    },
  }),

  'lang-changed': reply({
    ok: true,
    rfc: 'RFC 6856 §3.2',
    say: {
      en: 'en Replies are now in English.',
      fr: 'fr Les réponses sont maintenant en français.',
    },
    why: {
      en: 'LANG changes the language of reply texts, starting with this reply, whose first word is the chosen tag. From now on reply texts are UTF-8.',
      fr: 'LANG change la langue des textes de réponse, dès cette réponse, dont le premier mot est l’étiquette choisie. Désormais les textes sont en UTF-8.',
    },
  }),

  'lang-unknown': reply<{ range: string }>({
    ok: false,
    rfc: 'RFC 6856 §3.2',
    say: {
      en: (p) => `Unknown language: ${p.range}`,
      fr: (p) => `Langue inconnue : ${p.range}`,
    },
    why: {
      en: 'This server speaks en and fr ("LANG *" picks its preferred one). After a failed LANG the current language stays.',
      fr: 'Ce serveur parle en et fr (« LANG * » choisit sa langue préférée). Après un LANG refusé, la langue courante est conservée.',
    },
  }),

  'utf8-enabled': reply({
    ok: true,
    rfc: 'RFC 6856 §2.1',
    say: { en: 'UTF-8 mode enabled.', fr: 'Mode UTF-8 activé.' },
    why: {
      en: 'In UTF-8 mode the server sends messages with UTF-8 headers as they are. UTF8 is only valid before login, and STLS is no longer allowed after it.',
      fr: 'En mode UTF-8 le serveur envoie tels quels les messages aux en-têtes UTF-8. UTF8 n’est valable qu’avant la connexion, et STLS n’est plus permis ensuite.',
    },
  }),

  'quit-authorization': reply<{ hostname: string }>({
    ok: true,
    rfc: 'RFC 1939 §4',
    say: {
      en: 'Logging out.',
      fr: 'Déconnexion.',
      rfc1939: (p) => `${p.hostname} POP3 server signing off`,
    },
    why: {
      en: 'QUIT before login ends the session without entering UPDATE: no maildrop was opened, nothing changes.',
      fr: 'QUIT avant la connexion termine la session sans passer par UPDATE : aucune boîte n’a été ouverte, rien ne change.',
    },
  }),

  quit: reply<{ deleted: number; remaining: number; hostname: string }>({
    ok: true,
    rfc: 'RFC 1939 §6',
    say: {
      en: (p) => (p.deleted === 0 ? 'Logging out.' : 'Logging out, messages deleted.'),
      fr: (p) =>
        p.deleted === 0
          ? 'Déconnexion.'
          : `Déconnexion, ${plural(p.deleted, 'message supprimé', 'messages supprimés')}.`,
      rfc1939: (p) =>
        `${p.hostname} POP3 server signing off (${p.remaining === 0 ? 'maildrop empty' : `${plural(p.remaining, 'message', 'messages')} left`})`,
    },
    why: {
      en: (p) =>
        p.deleted === 0
          ? 'QUIT from TRANSACTION enters UPDATE; no message was marked with DELE, so the maildrop is unchanged. The lock is released and the connection closed.'
          : `QUIT from TRANSACTION enters UPDATE: the ${plural(p.deleted, 'message', 'messages')} marked with DELE are now removed, the lock is released and the connection closed.`,
      fr: (p) =>
        p.deleted === 0
          ? 'QUIT depuis TRANSACTION fait passer en UPDATE ; aucun message n’était marqué par DELE, la boîte est inchangée. Le verrou est libéré et la connexion fermée.'
          : `QUIT depuis TRANSACTION fait passer en UPDATE : ${plural(p.deleted, 'le message marqué', 'les messages marqués')} par DELE sont maintenant supprimés, le verrou est libéré et la connexion fermée.`,
    },
  }),

  'quit-failed': reply<{ code: 'SYS/TEMP' | 'SYS/PERM' }>({
    ok: false,
    code: (p) => p.code,
    rfc: 'RFC 1939 §6',
    say: {
      en: 'Some deleted messages were not removed.',
      fr: "Certains messages marqués n'ont pas été supprimés.",
      rfc1939: 'some deleted messages not removed',
    },
    why: {
      en: 'UPDATE could not finish removing the messages marked with DELE (a storage problem). Messages that were not marked are never removed. The server still releases the lock and closes the connection.',
      fr: 'UPDATE n’a pas pu supprimer tous les messages marqués par DELE (un problème de stockage). Les messages non marqués ne sont jamais supprimés. Le serveur libère quand même le verrou et ferme la connexion.',
    },
  }),
};
