/**
 * The three states of a POP3 session (RFC 1939 §3). A session starts in AUTHORIZATION, enters
 * TRANSACTION once the client has logged in and the maildrop is locked, and enters UPDATE only
 * on QUIT from TRANSACTION. A dropped connection never reaches UPDATE (RFC 1939 §6).
 */
export type Pop3State = 'AUTHORIZATION' | 'TRANSACTION' | 'UPDATE';

/** TLS on the connection: on now, possible through STLS, or impossible. */
export type TlsState = 'active' | 'available' | 'unavailable';
