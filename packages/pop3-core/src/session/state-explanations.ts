/** Why the session moved from one state to another (RFC 1939 §3–§6). */
import type { Explanation } from './events';
import type { Pop3State } from './state';

export function stateExplanation(from: Pop3State, to: Pop3State): Explanation {
  if (to === 'TRANSACTION') {
    return {
      rfc: 'RFC 1939 §4',
      en: `${from} → TRANSACTION: the login was accepted and the maildrop is locked for this session. Messages are numbered now, and stay so until the end.`,
      fr: `${from} → TRANSACTION : la connexion est acceptée et la boîte verrouillée pour cette session. Les messages sont numérotés maintenant, et le restent jusqu’à la fin.`,
    };
  }
  if (to === 'UPDATE') {
    return {
      rfc: 'RFC 1939 §6',
      en: `${from} → UPDATE: QUIT was sent after login, so the server now removes the messages marked with DELE, releases the lock and closes. Only QUIT leads here; a dropped connection deletes nothing.`,
      fr: `${from} → UPDATE : QUIT a été envoyé après la connexion, le serveur supprime donc les messages marqués par DELE, libère le verrou et ferme. Seul QUIT mène ici ; une connexion coupée ne supprime rien.`,
    };
  }
  return {
    rfc: 'RFC 1939 §3',
    en: `${from} → ${to}.`,
    fr: `${from} → ${to}.`,
  };
}
