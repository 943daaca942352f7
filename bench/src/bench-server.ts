/** A server under measurement, whichever it is. */
import type { Server } from './metrics';
import type { LoadTarget } from './popload';

export interface BenchServer {
  readonly name: Server;
  readonly target: LoadTarget;
  /** Restores a user's mailbox from its fixture and drops any index kept for it. */
  reset(user: string): Promise<void>;
  stop(): Promise<void>;
}
