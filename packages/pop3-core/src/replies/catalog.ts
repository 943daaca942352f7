/** Every reply the engine can send, by id. */
import { authorizationReplies } from './authorization-replies';
import { generalReplies } from './general-replies';
import type { ReplySpec } from './reply-spec';
import { transactionReplies } from './transaction-replies';

export const replyCatalog = { ...generalReplies, ...authorizationReplies, ...transactionReplies };

export type ReplyId = keyof typeof replyCatalog;

export type ReplyParams<K extends ReplyId> =
  (typeof replyCatalog)[K] extends ReplySpec<infer P> ? P : never;
