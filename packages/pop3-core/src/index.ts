export * from './mail-fs';
export * from './maildrop';
export * from './authenticator';
