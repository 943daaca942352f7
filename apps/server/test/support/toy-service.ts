/**
 * A tiny line protocol that implements the driver contract, so the listener layer can be tested
 * without POP3: it proves the layer knows no protocol. Commands (one per line):
 *   ECHO text      → "text"
 *   TLS            → "+OK go ahead", then a start-tls action
 *   WHO            → "tls=<active|available|unavailable> loopback=<bool>"
 *   EVENTS         → "events=<bool>": whether the host asked for events
 *   BIG n size     → n chunks of `size` bytes, each produced only when the driver pulls it
 *   COMMIT ms      → committing for ms milliseconds, then "+OK committed" and close
 *   BYE            → "+OK bye" and close
 */
import type {
  ConnectionInfo,
  DriverAction,
  EndReason,
  ProtocolService,
  ProtocolSession,
} from '@pop3-lab/protocol';

export type ToyEvent = { readonly kind: 'command'; readonly line: string };

export interface ToyStats {
  /** Chunks of BIG output pulled by the driver so far. */
  chunksPulled: number;
  endReasons: EndReason[];
  committed: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

class ToySession implements ProtocolSession<ToyEvent> {
  committing = false;
  #buffer = '';
  #ready: DriverAction<ToyEvent>[] = [];
  #producers: (() => Promise<DriverAction<ToyEvent>[] | undefined>)[] = [];
  #wake: (() => void) | undefined;
  #ended = false;
  #closed = false;

  constructor(
    private readonly info: ConnectionInfo,
    private readonly stats: ToyStats,
  ) {
    this.#ready.push(send('+OK toy ready'));
  }

  receive(bytes: Uint8Array): void {
    this.#buffer += decoder.decode(bytes);
    let lf: number;
    while ((lf = this.#buffer.indexOf('\n')) !== -1) {
      const line = this.#buffer.slice(0, lf).replace(/\r$/, '');
      this.#buffer = this.#buffer.slice(lf + 1);
      this.#command(line);
    }
    this.#wake?.();
  }

  end(reason: EndReason): void {
    if (this.#ended) return;
    this.#ended = true;
    this.stats.endReasons.push(reason);
    this.#wake?.();
  }

  #command(line: string): void {
    const [verb = '', ...rest] = line.split(' ');
    this.#producers.push(async () => {
      const actions: DriverAction<ToyEvent>[] = [
        { type: 'event', event: { kind: 'command', line } },
      ];
      switch (verb.toUpperCase()) {
        case 'ECHO':
          return [...actions, send(rest.join(' '))];
        case 'TLS':
          // Anything pipelined after it is discarded, never run once TLS is up.
          this.#buffer = '';
          this.#producers.length = 0;
          return [...actions, send('+OK go ahead'), { type: 'start-tls' }];
        case 'WHO':
          return [...actions, send(`tls=${this.info.tls} loopback=${this.info.loopback}`)];
        case 'EVENTS':
          return [...actions, send(`events=${this.info.events !== false}`)];
        case 'BIG': {
          const count = Number(rest[0]);
          const size = Number(rest[1]);
          for (let i = 0; i < count; i++) {
            this.#producers.unshift(async () => {
              this.stats.chunksPulled++;
              return [{ type: 'send', bytes: new Uint8Array(size).fill(0x61) }];
            });
          }
          return actions;
        }
        case 'COMMIT': {
          this.committing = true;
          await new Promise((resolve) => setTimeout(resolve, Number(rest[0])));
          this.committing = false;
          this.stats.committed++;
          this.#closed = true;
          return [...actions, send('+OK committed'), { type: 'close' }];
        }
        case 'BYE':
          this.#closed = true;
          return [...actions, send('+OK bye'), { type: 'close' }];
        default:
          return [...actions, send('-ERR unknown')];
      }
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<DriverAction<ToyEvent>> {
    for (;;) {
      const ready = this.#ready.shift();
      if (ready) {
        yield ready;
        if (ready.type === 'close') return;
        continue;
      }
      // After end(), only a commit already under way may still finish.
      if (this.#ended && !this.committing) return;
      const producer = this.#ended || this.#closed ? undefined : this.#producers.shift();
      if (producer) {
        const actions = await producer();
        if (actions) this.#ready.push(...actions);
        continue;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }
}

function send(text: string): DriverAction<ToyEvent> {
  return { type: 'send', bytes: encoder.encode(text + '\r\n') };
}

export function toyService(stats: ToyStats): ProtocolService<ToyEvent> {
  return {
    name: 'toy',
    defaultPorts: { plain: 7 },
    createSession: (info) => new ToySession(info, stats),
  };
}

export function newToyStats(): ToyStats {
  return { chunksPulled: 0, endReasons: [], committed: 0 };
}
