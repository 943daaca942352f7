/**
 * The CAPA listing (RFC 2449 §5): what is really on, in the current state. It changes after
 * STLS (STLS disappears, plain-text logins may appear: RFC 2595 §4) and after login (STLS is
 * only valid in AUTHORIZATION). Capabilities valid in AUTHORIZATION are listed in both states.
 */
import type { SessionContext } from './context';

export function capabilityLines(ctx: SessionContext): string[] {
  const { config } = ctx;
  const lines: string[] = [];
  if (ctx.has('TOP')) lines.push('TOP');
  // RFC 5034 §4: plain-text logins are neither permitted nor advertised without TLS, unless allowed.
  if (ctx.has('USER') && ctx.plaintextAllowed) lines.push('USER');
  const mechanisms = ctx.mechanisms();
  if (mechanisms.length > 0) lines.push(`SASL ${mechanisms.join(' ')}`);
  if (ctx.has('RESP-CODES')) lines.push('RESP-CODES');
  if (ctx.has('RESP-CODES') && ctx.has('AUTH-RESP-CODE')) lines.push('AUTH-RESP-CODE');
  if (ctx.has('PIPELINING')) lines.push('PIPELINING');
  // The phantom-capability persona lists UIDL without having it: its one deliberate lie.
  if (ctx.has('UIDL') || config.flaw === 'phantom-capability') lines.push('UIDL');
  if (ctx.has('EXPIRE')) lines.push(`EXPIRE ${config.expire}`);
  if (ctx.has('LOGIN-DELAY') && config.loginDelay !== undefined) {
    lines.push(`LOGIN-DELAY ${config.loginDelay.seconds}`);
  }
  if (ctx.has('STLS') && ctx.tls === 'available' && ctx.state === 'AUTHORIZATION') {
    lines.push('STLS');
  }
  if (ctx.has('UTF8')) lines.push('UTF8');
  if (ctx.has('LANG')) lines.push('LANG');
  if (ctx.has('IMPLEMENTATION')) lines.push(`IMPLEMENTATION ${config.implementation}`);
  return lines;
}
