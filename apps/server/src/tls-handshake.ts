import { TLSSocket, type SecureContext } from 'node:tls';
import type { Socket } from 'node:net';

export type HandshakeResult =
  | { readonly ok: true; readonly socket: TLSSocket }
  | { readonly ok: false; readonly socket: TLSSocket; readonly error: string };

/**
 * Wraps an accepted socket in server-side TLS and waits for the handshake. The same code
 * serves implicit TLS (right after accept) and STLS (after the engine's +OK, on the socket
 * that carried plain text until then).
 */
export function serverHandshake(
  raw: Socket,
  secureContext: SecureContext,
  timeoutMs: number,
): Promise<HandshakeResult> {
  const socket = new TLSSocket(raw, { isServer: true, secureContext });
  return new Promise((resolve) => {
    let error = 'the peer closed the connection during the TLS handshake';
    const timer = setTimeout(() => {
      error = `TLS handshake not finished after ${timeoutMs} ms`;
      socket.destroy();
    }, timeoutMs);
    const onError = (cause: Error): void => {
      error = (cause as { code?: string }).code ?? cause.message;
    };
    const finish = (result: HandshakeResult): void => {
      clearTimeout(timer);
      socket.off('secure', onSecure);
      socket.off('close', onClose);
      // A late error on a failed socket must not go unhandled; a live one is the driver's.
      if (result.ok) socket.off('error', onError);
      resolve(result);
    };
    const onSecure = (): void => finish({ ok: true, socket });
    const onClose = (): void => finish({ ok: false, socket, error });
    socket.on('secure', onSecure);
    socket.on('close', onClose);
    socket.on('error', onError);
  });
}
