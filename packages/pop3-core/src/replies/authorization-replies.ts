/**
 * Replies of the AUTHORIZATION state: USER, PASS, APOP, AUTH and STLS, and what opening the
 * maildrop can answer.
 */
import type { AuthMechanism } from '../session/events';
import { reply } from './reply-spec';

export const authorizationReplies = {
  'user-accepted': reply<{ user: string }>({
    ok: true,
    rfc: 'RFC 1939 §7',
    say: { en: '', fr: '', rfc1939: (p) => `${p.user} selected, send PASS` },
    why: {
      en: 'USER only names the mailbox. The server says +OK even for a name it does not know, so that names cannot be guessed; send PASS next.',
      fr: 'USER ne fait que nommer la boîte. Le serveur répond +OK même pour un nom inconnu, pour qu’on ne puisse pas deviner les noms ; envoyez PASS ensuite.',
    },
  }),

  'plaintext-refused': reply({
    ok: false,
    code: 'AUTH',
    rfc: 'RFC 2595 §2.3',
    say: {
      en: 'Plaintext authentication disallowed on non-secure connections.',
      fr: 'Authentification en clair interdite sur une connexion non chiffrée.',
    },
    why: {
      en: 'The password would cross the network in clear. Start TLS with STLS first, or use a login that does not send the password (APOP, AUTH CRAM-MD5).',
      fr: 'Le mot de passe traverserait le réseau en clair. Lancez d’abord TLS avec STLS, ou utilisez une connexion qui n’envoie pas le mot de passe (APOP, AUTH CRAM-MD5).',
    },
  }),

  'pass-without-user': reply({
    ok: false,
    rfc: 'RFC 1939 §7',
    say: {
      en: 'No user name given: send USER first.',
      fr: "Aucun utilisateur : envoyez d'abord USER.",
    },
    why: {
      en: 'PASS is only valid immediately after a successful USER command; any other command in between cancels the USER.',
      fr: 'PASS n’est valable que juste après un USER accepté ; toute autre commande entre les deux annule le USER.',
    },
  }),

  'auth-failed': reply<{ mechanism: AuthMechanism }>({
    ok: false,
    code: 'AUTH',
    rfc: 'RFC 3206 §5',
    say: {
      en: 'Authentication failed.',
      fr: "Échec de l'authentification.",
      rfc1939: 'invalid password',
    },
    why: {
      en: (p) =>
        `The ${p.mechanism} login was refused: the user name or the secret is wrong, and the server does not say which. [AUTH] marks a problem with the credentials, not with the server.`,
      fr: (p) =>
        `La connexion ${p.mechanism} est refusée : le nom ou le secret est faux, et le serveur ne dit pas lequel. [AUTH] signale un problème d’identifiants, pas de serveur.`,
    },
  }),

  'auth-failed-closing': reply({
    ok: false,
    code: 'AUTH',
    rfc: 'RFC 1939 §4',
    say: {
      en: 'Authentication failed; too many attempts, closing the connection.',
      fr: "Échec de l'authentification ; trop de tentatives, fermeture de la connexion.",
    },
    why: {
      en: 'After a failed login the server may close the connection. This one allows a few attempts per connection, to slow down password guessing.',
      fr: 'Après un échec de connexion, le serveur peut fermer la connexion. Celui-ci permet quelques essais par connexion, pour freiner qui devine les mots de passe.',
    },
  }),

  'auth-unavailable': reply({
    ok: false,
    code: 'SYS/TEMP',
    rfc: 'RFC 3206 §4',
    say: {
      en: 'Authentication is unavailable right now, try again later.',
      fr: "L'authentification est indisponible pour l'instant, réessayez plus tard.",
    },
    why: {
      en: 'The account database could not be reached. [SYS/TEMP] tells the client this is a temporary system problem, not a wrong password.',
      fr: 'La base des comptes est injoignable. [SYS/TEMP] indique au client un problème système temporaire, pas un mauvais mot de passe.',
    },
  }),

  'in-use': reply({
    ok: false,
    code: 'IN-USE',
    rfc: 'RFC 2449 §8.1.2',
    say: {
      en: 'Mailbox is locked by another POP3 session.',
      fr: 'La boîte est verrouillée par une autre session POP3.',
      rfc1939: 'unable to lock maildrop',
    },
    why: {
      en: 'The credentials were right, but another session holds the exclusive lock on this maildrop. Finish the other session (or wait for it to end) and log in again.',
      fr: 'Les identifiants sont bons, mais une autre session tient le verrou exclusif de cette boîte. Terminez l’autre session (ou attendez sa fin) et reconnectez-vous.',
    },
  }),

  'login-delay': reply<{ seconds: number }>({
    ok: false,
    code: 'LOGIN-DELAY',
    rfc: 'RFC 2449 §8.1.1',
    say: {
      en: (p) => `Logged in too recently; wait ${p.seconds} seconds between logins.`,
      fr: (p) => `Connexion trop récente ; attendez ${p.seconds} secondes entre deux connexions.`,
    },
    why: {
      en: 'The credentials were right, but this server asks for a minimum delay between two logins (announced by LOGIN-DELAY in CAPA).',
      fr: 'Les identifiants sont bons, mais ce serveur impose un délai minimal entre deux connexions (annoncé par LOGIN-DELAY dans CAPA).',
    },
  }),

  'maildrop-unavailable': reply<{ code: 'SYS/TEMP' | 'SYS/PERM' }>({
    ok: false,
    code: (p) => p.code,
    rfc: 'RFC 3206 §4',
    say: {
      en: (p) =>
        p.code === 'SYS/TEMP' ? 'Cannot open the mailbox right now.' : 'Cannot open the mailbox.',
      fr: (p) =>
        p.code === 'SYS/TEMP'
          ? "Impossible d'ouvrir la boîte pour l'instant."
          : "Impossible d'ouvrir la boîte.",
    },
    why: {
      en: (p) =>
        p.code === 'SYS/TEMP'
          ? 'The credentials were right but the maildrop could not be opened; [SYS/TEMP] says the problem is temporary: try again later.'
          : 'The credentials were right but the maildrop could not be opened; [SYS/PERM] says it needs an administrator (a damaged mailbox, a configuration error).',
      fr: (p) =>
        p.code === 'SYS/TEMP'
          ? 'Les identifiants sont bons mais la boîte n’a pas pu être ouverte ; [SYS/TEMP] indique un problème temporaire : réessayez plus tard.'
          : 'Les identifiants sont bons mais la boîte n’a pas pu être ouverte ; [SYS/PERM] indique qu’il faut un administrateur (boîte abîmée, erreur de configuration).',
    },
  }),

  'logged-in': reply<{ user: string; count: number; octets: number }>({
    ok: true,
    rfc: 'RFC 1939 §4',
    say: {
      en: 'Logged in.',
      fr: 'Connecté.',
      rfc1939: (p) => `${p.user}'s maildrop has ${p.count} messages (${p.octets} octets)`,
    },
    why: {
      en: (p) =>
        `Login accepted and the maildrop locked for this session: the state is now TRANSACTION, with ${p.count} messages numbered 1 to ${p.count}. Nothing is deleted before QUIT.`,
      fr: (p) =>
        `Connexion acceptée et boîte verrouillée pour cette session : l’état est maintenant TRANSACTION, avec ${p.count} messages numérotés de 1 à ${p.count}. Rien n’est supprimé avant QUIT.`,
    },
  }),

  'stls-ok': reply({
    ok: true,
    rfc: 'RFC 2595 §4',
    say: { en: 'Begin TLS negotiation now.', fr: 'Début de la négociation TLS.' },
    why: {
      en: 'TLS negotiation starts right after this line. Anything the client sent before the handshake is thrown away; afterwards the client should send CAPA again, as the list may change.',
      fr: 'La négociation TLS commence juste après cette ligne. Ce que le client a envoyé avant la négociation est jeté ; ensuite le client doit renvoyer CAPA, car la liste peut changer.',
    },
  }),

  'stls-active': reply({
    ok: false,
    rfc: 'RFC 2595 §4',
    say: {
      en: 'Command not permitted when TLS active.',
      fr: 'Commande interdite : TLS est déjà actif.',
    },
    why: {
      en: 'The connection is already encrypted (after STLS, or on the implicit-TLS port); TLS cannot be started twice.',
      fr: 'La connexion est déjà chiffrée (après STLS, ou sur le port TLS implicite) ; on ne démarre pas TLS deux fois.',
    },
  }),

  'stls-unavailable': reply({
    ok: false,
    rfc: 'RFC 2595 §4',
    say: {
      en: 'TLS is not available on this connection.',
      fr: "TLS n'est pas disponible sur cette connexion.",
    },
    why: {
      en: 'This server cannot encrypt this connection (no certificate for it), so CAPA does not list STLS.',
      fr: 'Ce serveur ne peut pas chiffrer cette connexion (pas de certificat pour elle), donc CAPA n’annonce pas STLS.',
    },
  }),

  'stls-after-utf8': reply({
    ok: false,
    rfc: 'RFC 6856 §2.1',
    say: { en: 'STLS is not allowed after UTF8.', fr: "STLS n'est pas permis après UTF8." },
    why: {
      en: 'A client must not send STLS after UTF8; start TLS first, then enable UTF-8 mode.',
      fr: 'Un client ne doit pas envoyer STLS après UTF8 : démarrez TLS d’abord, puis activez le mode UTF-8.',
    },
  }),

  'auth-mechanisms': reply({
    ok: true,
    rfc: 'RFC 5034 §3',
    say: { en: 'Supported SASL mechanisms follow', fr: 'Mécanismes SASL disponibles :' },
    why: {
      en: 'AUTH without a mechanism lists the SASL mechanisms, an older convention some clients still use; the standard place is the SASL line of CAPA.',
      fr: 'AUTH sans mécanisme liste les mécanismes SASL, une ancienne convention encore utilisée par certains clients ; la place normale est la ligne SASL de CAPA.',
    },
  }),

  'auth-unsupported': reply<{ mechanism: string }>({
    ok: false,
    rfc: 'RFC 5034 §4',
    say: {
      en: (p) => `Unsupported authentication mechanism: ${p.mechanism}`,
      fr: (p) => `Mécanisme d'authentification non pris en charge : ${p.mechanism}`,
    },
    why: {
      en: 'The server only accepts the mechanisms listed on the SASL line of CAPA.',
      fr: 'Le serveur n’accepte que les mécanismes de la ligne SASL de CAPA.',
    },
  }),

  'auth-cancelled': reply({
    ok: false,
    rfc: 'RFC 5034 §4',
    say: { en: 'Authentication cancelled.', fr: 'Authentification annulée.' },
    why: {
      en: 'A line holding a single "*" cancels an AUTH exchange; the server answers -ERR and behaves as if AUTH had not been sent.',
      fr: 'Une ligne réduite à « * » annule un échange AUTH ; le serveur répond -ERR et fait comme si AUTH n’avait pas été envoyé.',
    },
  }),

  'auth-bad-base64': reply({
    ok: false,
    rfc: 'RFC 5034 §4',
    say: { en: 'Invalid base64 data.', fr: 'Données base64 invalides.' },
    why: {
      en: 'SASL data is base64-encoded; a server must reject any character outside the base64 alphabet and padding anywhere but at the end. Use "=" for an empty initial response.',
      fr: 'Les données SASL sont en base64 ; le serveur doit refuser tout caractère hors de l’alphabet base64 et tout remplissage ailleurs qu’à la fin. Utilisez « = » pour une réponse initiale vide.',
    },
  }),

  'auth-no-initial-response': reply<{ mechanism: string }>({
    ok: false,
    rfc: 'RFC 5034 §4',
    say: {
      en: (p) => `${p.mechanism} does not take an initial response.`,
      fr: (p) => `${p.mechanism} n'accepte pas de réponse initiale.`,
    },
    why: {
      en: 'With CRAM-MD5 the server speaks first (its challenge); an initial response on the AUTH line must be rejected.',
      fr: 'Avec CRAM-MD5 le serveur parle en premier (son défi) ; une réponse initiale sur la ligne AUTH doit être refusée.',
    },
  }),

  'auth-malformed': reply<{ mechanism: string; rfc: string }>({
    ok: false,
    rfc: (p) => p.rfc,
    say: {
      en: 'Malformed authentication data.',
      fr: "Données d'authentification mal formées.",
    },
    why: {
      en: (p) =>
        p.mechanism === 'PLAIN'
          ? 'PLAIN expects base64 of: an optional identity to act as, a NUL byte, the user name, a NUL byte, the password.'
          : p.mechanism === 'CRAM-MD5'
            ? 'CRAM-MD5 expects base64 of: the user name, a space, and the HMAC-MD5 of the challenge keyed with the password, in lowercase hex.'
            : 'The decoded response is not what the mechanism expects.',
      fr: (p) =>
        p.mechanism === 'PLAIN'
          ? 'PLAIN attend le base64 de : une identité facultative à endosser, un octet NUL, le nom d’utilisateur, un octet NUL, le mot de passe.'
          : p.mechanism === 'CRAM-MD5'
            ? 'CRAM-MD5 attend le base64 de : le nom d’utilisateur, une espace, et le HMAC-MD5 du défi avec le mot de passe pour clé, en hexadécimal minuscule.'
            : 'La réponse décodée n’a pas la forme attendue par le mécanisme.',
    },
  }),

  'auth-line-too-long': reply<{ limit: number }>({
    ok: false,
    rfc: 'RFC 5034 §4',
    say: {
      en: 'Authentication response too long.',
      fr: "Réponse d'authentification trop longue.",
    },
    why: {
      en: (p) =>
        `A SASL response line may exceed the 255-octet command limit, but this server stops at ${p.limit} octets; the AUTH is cancelled.`,
      fr: (p) =>
        `Une ligne de réponse SASL peut dépasser la limite de 255 octets des commandes, mais ce serveur s’arrête à ${p.limit} octets ; l’AUTH est annulé.`,
    },
  }),
};
