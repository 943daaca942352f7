/**
 * How the engine learns who may log in. Secrets are needed in clear because APOP and
 * CRAM-MD5 compute a digest of them (RFC 1939 §7, RFC 2195); the engine compares, the
 * authenticator only looks up.
 */
export interface Authenticator {
  /** The user's shared secret, or undefined when there is no such user. */
  secret(user: string): Promise<string | undefined>;
  /**
   * Called after a failed login, before the -ERR is sent; the driver resolves it after its
   * delay (longer for repeated failures from one address). The engine keeps no clock.
   */
  failed?(user: string | undefined): Promise<void>;
  /** Called after a successful login (to reset the failure count). */
  succeeded?(user: string): void;
}

/** A fixed table of logins (samples, tests, a users file). */
export function staticAuthenticator(
  users: ReadonlyMap<string, string> | Record<string, string>,
): Authenticator {
  const table = users instanceof Map ? users : new Map(Object.entries(users));
  return {
    secret: (user) => Promise.resolve(table.get(user)),
  };
}
