/**
 * Every string the lab shows, in English and French. The French table has the English one's
 * keys, so the compiler finds a missing translation. Placeholders are written {name}.
 * Tool output that students compare with real machines (telnet's banners, openssl's summary)
 * stays in English, as those tools print it.
 */
export type Language = 'en' | 'fr';

export const languages: readonly Language[] = ['en', 'fr'];

const en = {
  // Shell
  'shell.notFound': 'command not found',
  'shell.usage': 'usage',
  'shell.tryHelp': "Try 'help' for the list of commands.",
  'shell.missingOperand': 'missing operand',
  'shell.invalidOption': 'invalid option -- {option}',
  'shell.unknownOption': "unrecognized option '{option}'",
  'shell.extraOperand': "extra operand '{operand}'",
  'fs.enoent': 'No such file or directory',
  'fs.eisdir': 'Is a directory',
  'fs.enotdir': 'Not a directory',
  'fs.eacces': 'Permission denied',
  'fs.eio': 'Input/output error',
  'base64.invalid': 'invalid input',
  'printf.invalidNumber': '{value}: invalid number',
  'reset.done':
    'Samples restored: every mailbox is back as it was, and open connections were closed.',
  'cd.tooMany': 'too many arguments',
  'cd.noOldpwd': 'OLDPWD not set',
  'welcome.title': 'POP3 Lab — a mail server and a terminal, inside this page.',
  'welcome.try': 'Try: {command}   (then user chris, pass epikoi, stat, list, quit)',
  'welcome.help': "Type 'help' for the commands. Nothing here leaves your browser.",

  // help: one line per command
  'help.header': 'Commands (help NAME for details):',
  'help.footer':
    'Keys: ←/→ Home/End edit, ↑/↓ history, Ctrl-C interrupt, Ctrl-L clear, Ctrl-] then quit to leave telnet.',
  'help.help': 'list the commands, or show how to use one',
  'help.telnet': 'open a connection and type the protocol by hand',
  'help.nc': 'a raw connection like telnet; LF line ends (-C: CRLF)',
  'help.openssl': 'TLS client: s_client -connect HOST:995 (or -starttls pop3)',
  'help.cat': 'print files or standard input; -n numbers, -A shows CR and LF',
  'help.ls': 'list a directory; -l long form, -a hidden files, -R recursive',
  'help.cd': 'change directory (no argument: home; -: previous)',
  'help.pwd': 'print the current directory',
  'help.echo': 'print arguments; -n no newline, -e interpret backslash escapes',
  'help.printf': 'print with a format: %s %d %x %b, and \\r\\n escapes',
  'help.base64': 'encode standard input or a file in base64; -d decodes',
  'help.md5sum': 'MD5 digest of standard input or files (APOP by hand)',
  'help.clear': 'clear the screen',
  'help.history': 'show the commands typed so far; -c forgets them',
  'help.reset': 'restore the sample mailboxes and close open connections',
  'help.exampleTitle': 'The classic session:',

  // Network clients: hints the real tools would not print, shown dimmed
  'hint.telnetInterrupt':
    '(Ctrl-C is sent to nobody here: press Ctrl-] then type quit to leave telnet)',
  'hint.tlsPort':
    'Port {port} speaks TLS from the first byte: try  openssl s_client -connect {host}:{port}',
  'hint.afterStls':
    'After +OK to STLS the server expects a TLS handshake, not text: telnet cannot do TLS. Use  openssl s_client -starttls pop3 -connect {host}:{port}',
  'hint.simulatedTls':
    'The lab simulates TLS: the handshake summary is illustrative and no byte is encrypted.',
  'hint.knownHosts': 'Hosts in this lab: {hosts}. Ports: {ports}.',

  // Page
  'ui.title': 'POP3 Lab',
  'ui.subtitle': 'POP3 by hand, in your browser',
  'ui.terminal': 'Terminal',
  'ui.sessionState': 'Session state',
  'ui.state.none': 'No POP3 session',
  'ui.state.AUTHORIZATION': 'AUTHORIZATION',
  'ui.state.TRANSACTION': 'TRANSACTION',
  'ui.state.UPDATE': 'UPDATE',
  'ui.state.authHint': 'USER/PASS, APOP or AUTH',
  'ui.state.transactionHint': 'STAT, LIST, RETR, DELE, RSET…',
  'ui.state.updateHint': 'after QUIT: deletions applied',
  'ui.state.connection': 'Connection #{id} to port {port}',
  'ui.state.tls': 'TLS',
  'ui.state.closed': 'closed',
  'ui.tabs.inspector': 'Mailbox',
  'ui.tabs.raw': 'Raw file',
  'ui.tabs.transcript': 'Transcript',
  'ui.inspector.mailbox': 'Mailbox',
  'ui.inspector.number': 'No.',
  'ui.inspector.uidl': 'UIDL',
  'ui.inspector.size': 'Size',
  'ui.inspector.subject': 'Subject',
  'ui.inspector.from': 'From',
  'ui.inspector.deleted': 'Deleted',
  'ui.inspector.markedDeleted': 'marked for deletion',
  'ui.inspector.empty': 'This mailbox is empty.',
  'ui.inspector.total': '{count} messages, {size} octets (as STAT counts them)',
  'ui.inspector.totalOne': '1 message, {size} octets (as STAT counts them)',
  'ui.inspector.locked': 'locked by session #{id}',
  'ui.inspector.note':
    'Numbers, sizes and UIDs as the server reports them; deletion marks follow the session that holds the mailbox.',
  'ui.raw.file': 'File',
  'ui.raw.changed': 'changed by QUIT: {count} removed',
  'ui.raw.note':
    'The mailbox as stored on the in-page disk. It changes only when a session ends with QUIT (UPDATE).',
  'ui.transcript.empty':
    'Connect with telnet, nc or openssl and the exchange appears here, line by line, with what each reply means.',
  'ui.transcript.copy': 'Copy',
  'ui.transcript.copied': 'Copied',
  'ui.transcript.text': 'Download .txt',
  'ui.transcript.markdown': 'Download .md',
  'ui.transcript.clear': 'Clear',
  'ui.transcript.client': 'client',
  'ui.transcript.server': 'server',
  'ui.transcript.lines': '… {count} more lines',
  'ui.transcript.connected': 'connection #{id} opened to {host}:{port}',
  'ui.transcript.closedByServer': 'connection #{id} closed by the server',
  'ui.transcript.closedByClient': 'connection #{id} closed by the client',
  'ui.transcript.closedTls': 'connection #{id} closed: plain text where a TLS handshake was due',
  'ui.transcript.closedReset': 'connection #{id} closed: the lab was reset',
  'ui.transcript.tlsWaiting': 'server now waits for a TLS handshake',
  'ui.transcript.tlsUp':
    'TLS established (simulated): what follows would be encrypted on a real network',
  'ui.transcript.tlsViolation':
    'The server expected a TLS ClientHello (a record starting with byte 0x16) and received plain text; it drops the connection.',
  'ui.transcript.title': 'POP3 Lab transcript',
  'ui.settings': 'Settings',
  'ui.settings.language': 'Language',
  'ui.settings.theme': 'Theme',
  'ui.settings.light': 'Light',
  'ui.settings.dark': 'Dark',
  'ui.settings.fontSize': 'Font size',
  'ui.settings.persona': 'Server persona',
  'ui.settings.capabilities': 'Commands and capabilities to switch off',
  'ui.settings.capabilitiesNote':
    'On top of what the persona offers. Server settings apply to new connections.',
  'ui.settings.plaintext': 'Allow USER/PASS before TLS',
  'ui.settings.reset': 'Restore the samples',
  'ui.settings.close': 'Close',
  'ui.loading': 'Loading…',
  'ui.skipToTerminal': 'Skip to the terminal',
  'ui.logins': 'Logins',
} as const;

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  'shell.notFound': 'commande introuvable',
  'shell.usage': 'utilisation',
  'shell.tryHelp': 'Tapez « help » pour la liste des commandes.',
  'shell.missingOperand': 'opérande manquant',
  'shell.invalidOption': 'option invalide -- {option}',
  'shell.unknownOption': "option non reconnue '{option}'",
  'shell.extraOperand': "opérande supplémentaire '{operand}'",
  'fs.enoent': 'Aucun fichier ou dossier de ce nom',
  'fs.eisdir': 'Est un dossier',
  'fs.enotdir': "N'est pas un dossier",
  'fs.eacces': 'Permission non accordée',
  'fs.eio': "Erreur d'entrée/sortie",
  'base64.invalid': 'entrée incorrecte',
  'printf.invalidNumber': '{value} : nombre non valable',
  'reset.done':
    'Exemples restaurés : chaque boîte aux lettres est revenue à son état initial et les connexions ouvertes ont été fermées.',
  'cd.tooMany': 'trop d’arguments',
  'cd.noOldpwd': 'OLDPWD n’est pas défini',
  'welcome.title': 'POP3 Lab — un serveur de messagerie et un terminal, dans cette page.',
  'welcome.try': 'Essayez : {command}   (puis user chris, pass epikoi, stat, list, quit)',
  'welcome.help': 'Tapez « help » pour les commandes. Rien ne sort de votre navigateur.',

  'help.header': 'Commandes (help NOM pour le détail) :',
  'help.footer':
    'Touches : ←/→ Début/Fin pour éditer, ↑/↓ historique, Ctrl-C interrompre, Ctrl-L effacer, Ctrl-] puis quit pour quitter telnet.',
  'help.help': 'lister les commandes, ou expliquer l’une d’elles',
  'help.telnet': 'ouvrir une connexion et taper le protocole à la main',
  'help.nc': 'connexion brute comme telnet ; fins de ligne LF (-C : CRLF)',
  'help.openssl': 'client TLS : s_client -connect HÔTE:995 (ou -starttls pop3)',
  'help.cat': 'afficher des fichiers ; -n numérote, -A montre CR et LF',
  'help.ls': 'lister un dossier ; -l détaillé, -a cachés, -R récursif',
  'help.cd': 'changer de dossier (sans argument : ~ ; - : le précédent)',
  'help.pwd': 'afficher le dossier courant',
  'help.echo': 'afficher ses arguments ; -n sans saut de ligne, -e les \\n \\t',
  'help.printf': 'afficher selon un format : %s %d %x %b, et les échappements \\r\\n',
  'help.base64': 'encoder en base64 l’entrée standard ou un fichier ; -d décode',
  'help.md5sum': 'empreinte MD5 de l’entrée ou de fichiers (APOP à la main)',
  'help.clear': 'effacer l’écran',
  'help.history': 'montrer les commandes déjà tapées ; -c les oublie',
  'help.reset': 'restaurer les boîtes d’exemple, fermer les connexions',
  'help.exampleTitle': 'La session classique :',

  'hint.telnetInterrupt':
    '(Ctrl-C n’est envoyé à personne ici : tapez Ctrl-] puis quit pour quitter telnet)',
  'hint.tlsPort':
    'Le port {port} parle TLS dès le premier octet : essayez  openssl s_client -connect {host}:{port}',
  'hint.afterStls':
    'Après le +OK à STLS, le serveur attend une négociation TLS, pas du texte : telnet ne sait pas faire de TLS. Utilisez  openssl s_client -starttls pop3 -connect {host}:{port}',
  'hint.simulatedTls':
    'Le labo simule TLS : le résumé de la négociation est illustratif et aucun octet n’est chiffré.',
  'hint.knownHosts': 'Hôtes de ce labo : {hosts}. Ports : {ports}.',

  'ui.title': 'POP3 Lab',
  'ui.subtitle': 'POP3 à la main, dans votre navigateur',
  'ui.terminal': 'Terminal',
  'ui.sessionState': 'État de la session',
  'ui.state.none': 'Aucune session POP3',
  // RFC 1939 names the states; the engine's explanations use those names in both languages.
  'ui.state.AUTHORIZATION': 'AUTHORIZATION',
  'ui.state.TRANSACTION': 'TRANSACTION',
  'ui.state.UPDATE': 'UPDATE',
  'ui.state.authHint': 'USER/PASS, APOP ou AUTH',
  'ui.state.transactionHint': 'STAT, LIST, RETR, DELE, RSET…',
  'ui.state.updateHint': 'après QUIT : suppressions appliquées',
  'ui.state.connection': 'Connexion n° {id} au port {port}',
  'ui.state.tls': 'TLS',
  'ui.state.closed': 'fermée',
  'ui.tabs.inspector': 'Boîte aux lettres',
  'ui.tabs.raw': 'Fichier brut',
  'ui.tabs.transcript': 'Transcription',
  'ui.inspector.mailbox': 'Boîte',
  'ui.inspector.number': 'N°',
  'ui.inspector.uidl': 'UIDL',
  'ui.inspector.size': 'Taille',
  'ui.inspector.subject': 'Objet',
  'ui.inspector.from': 'De',
  'ui.inspector.deleted': 'Supprimé',
  'ui.inspector.markedDeleted': 'marqué pour suppression',
  'ui.inspector.empty': 'Cette boîte aux lettres est vide.',
  'ui.inspector.total': '{count} messages, {size} octets (comptés comme par STAT)',
  'ui.inspector.totalOne': '1 message, {size} octets (comptés comme par STAT)',
  'ui.inspector.locked': 'verrouillée par la session n° {id}',
  'ui.inspector.note':
    'Numéros, tailles et identifiants tels que le serveur les annonce ; les marques de suppression suivent la session qui tient la boîte.',
  'ui.raw.file': 'Fichier',
  'ui.raw.changed': 'modifié par QUIT : {count} supprimé(s)',
  'ui.raw.note':
    'La boîte aux lettres telle qu’elle est stockée sur le disque de la page. Elle ne change que lorsqu’une session se termine par QUIT (UPDATE).',
  'ui.transcript.empty':
    'Connectez-vous avec telnet, nc ou openssl : l’échange s’affiche ici, ligne par ligne, avec le sens de chaque réponse.',
  'ui.transcript.copy': 'Copier',
  'ui.transcript.copied': 'Copié',
  'ui.transcript.text': 'Télécharger .txt',
  'ui.transcript.markdown': 'Télécharger .md',
  'ui.transcript.clear': 'Effacer',
  'ui.transcript.client': 'client',
  'ui.transcript.server': 'serveur',
  'ui.transcript.lines': '… {count} lignes de plus',
  'ui.transcript.connected': 'connexion n° {id} ouverte vers {host}:{port}',
  'ui.transcript.closedByServer': 'connexion n° {id} fermée par le serveur',
  'ui.transcript.closedByClient': 'connexion n° {id} fermée par le client',
  'ui.transcript.closedTls':
    'connexion n° {id} fermée : du texte en clair là où une négociation TLS était attendue',
  'ui.transcript.closedReset': 'connexion n° {id} fermée : le labo a été réinitialisé',
  'ui.transcript.tlsWaiting': 'le serveur attend maintenant une négociation TLS',
  'ui.transcript.tlsUp': 'TLS établi (simulé) : sur un vrai réseau, la suite serait chiffrée',
  'ui.transcript.tlsViolation':
    'Le serveur attendait un ClientHello TLS (un enregistrement commençant par l’octet 0x16) et a reçu du texte en clair ; il coupe la connexion.',
  'ui.transcript.title': 'Transcription POP3 Lab',
  'ui.settings': 'Réglages',
  'ui.settings.language': 'Langue',
  'ui.settings.theme': 'Thème',
  'ui.settings.light': 'Clair',
  'ui.settings.dark': 'Sombre',
  'ui.settings.fontSize': 'Taille du texte',
  'ui.settings.persona': 'Personnalité du serveur',
  'ui.settings.capabilities': 'Commandes et capacités à désactiver',
  'ui.settings.capabilitiesNote':
    'En plus de ce que la personnalité propose. Les réglages du serveur valent pour les nouvelles connexions.',
  'ui.settings.plaintext': 'Autoriser USER/PASS avant TLS',
  'ui.settings.reset': 'Restaurer les exemples',
  'ui.settings.close': 'Fermer',
  'ui.loading': 'Chargement…',
  'ui.skipToTerminal': 'Aller au terminal',
  'ui.logins': 'Identifiants',
};

const tables: Record<Language, Record<MessageKey, string>> = { en, fr };

export type Translate = (
  key: MessageKey,
  params?: Readonly<Record<string, string | number>>,
) => string;

export function translator(language: () => Language): Translate {
  return (key, params) => {
    const template = tables[language()][key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'fr';
}
