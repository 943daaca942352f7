import type { CommandContext } from '../shell/command';

/** "Hosts in this lab: …. Ports: …." */
export function hostsHint(context: CommandContext): string {
  const { network, t } = context.shell;
  return t('hint.knownHosts', {
    hosts: ['localhost', '127.0.0.1', ...network.hostNames.filter((h) => h !== 'localhost')].join(
      ', ',
    ),
    ports: network.listeners
      .map((l) => `${l.port} (${l.service.name}${l.tls === 'implicit' ? ', TLS' : ''})`)
      .join(', '),
  });
}
