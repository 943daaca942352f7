export * from './mail-fs';
export * from './blocking-reads';
export * from './maildrop';
export * from './authenticator';
export * from './maildrops';

// The sans-IO POP3 engine.
export type { Pop3State, TlsState } from './session/state';
export type {
  AuthMechanism,
  ErrorKind,
  Explanation,
  Pop3Event,
  ResponseCode,
} from './session/events';
export type { LoginDelayPolicy, Pop3Limits, Pop3SessionOptions } from './session/options';
export { defaultLimits } from './session/options';
export type { Pop3Session } from './session/session';
export { createPop3Session } from './session/session';
export type { Pop3ServiceOptions } from './session/service';
export { createPop3Service } from './session/service';
export type { PersonaInfo, PersonaName } from './session/personas';
export { defaultPersona, personas } from './session/personas';
export type { FeatureName, SaslMechanism } from './session/features';
export { featureNames } from './session/features';
export type { Language, Localized } from './session/language';
export type { ParsedCommand } from './commands/parse-command';
export { parseCommand } from './commands/parse-command';
export { maskSecrets } from './commands/mask-secrets';
export { apopDigest, cramMd5Digest } from './auth/digests';
export { decodeBase64, encodeBase64 } from './auth/base64';
export type { MemoryStore, MemoryStoreOptions } from './memory/memory-store';
export { createMemoryStore } from './memory/memory-store';
