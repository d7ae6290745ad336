// The embedded warehouse on a loopback port, as "PostgreSQL 9.5+" for the Looker sandbox, a real
// Looker through a tunnel, or psql. pglite-socket speaks the wire protocol; its own queue lets
// in-process queries interleave with a client's extended-protocol cycle or open transaction, so each
// client's messages instead take the warehouse's mutex: held from the client's first message until a
// response ends with ReadyForQuery "idle" (not in a transaction), so a client never runs inside one
// of our batches and we never run inside its cycle or its transaction.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import type { ConcurrencyGate } from '../util/concurrency-gate';

export interface ServedWarehouse {
  host: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** ReadyForQuery with status 'I': the backend is between cycles and outside a transaction. */
const READY_IDLE = [0x5a, 0, 0, 0, 5, 0x49];
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

function endsIdle(tail: number[]): boolean {
  return tail.length === READY_IDLE.length && tail.every((b, i) => b === READY_IDLE[i]);
}

/** Stands in for pglite-socket's QueryQueueManager: the same calls, under the warehouse's mutex. */
class MutexQueue {
  private readonly held = new Map<number, () => void>();
  private readonly gone = new Set<number>();

  constructor(
    private readonly db: PGlite,
    private readonly mutex: ConcurrencyGate,
  ) {}

  async enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (!this.held.has(handlerId)) {
      const release = await this.mutex.acquire();
      // The client went away while this message waited: nothing would ever end its cycle.
      if (this.gone.has(handlerId)) {
        release();
        return 0;
      }
      this.held.set(handlerId, release);
    }
    let sent = 0;
    let tail: number[] = [];
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data) => {
            sent += data.length;
            tail = [...tail, ...data.subarray(Math.max(0, data.length - READY_IDLE.length))].slice(-READY_IDLE.length);
            onData(data);
          },
        }),
      );
    } finally {
      if (endsIdle(tail) && !this.db.isInTransaction()) this.release(handlerId);
    }
    return sent;
  }

  clearQueueForHandler(): void {
    // Nothing queued here: each handler awaits its own message.
  }

  /** The client went away: end its cycle and its transaction, then let the others in. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    this.gone.add(handlerId);
    if (!this.held.has(handlerId)) return;
    try {
      await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC, { onRawData: () => undefined }));
      if (this.db.isInTransaction()) await this.db.runExclusive(() => this.db.execProtocolRawStream(simpleQuery('ROLLBACK'), { onRawData: () => undefined }));
    } finally {
      this.release(handlerId);
    }
  }

  getQueueLength(): number {
    return 0;
  }

  private release(handlerId: number): void {
    const release = this.held.get(handlerId);
    this.held.delete(handlerId);
    release?.();
  }
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}

export async function serveWarehouse(db: PGlite, mutex: ConcurrencyGate, port: number): Promise<ServedWarehouse> {
  // The handler only calls the queue's methods; its declared type is pglite-socket's class, whose private fields no other object can have.
  const queryQueue = new MutexQueue(db, mutex) as unknown as PGLiteSocketHandlerOptions['queryQueue'];
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket: Socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    handlers.add(handler);
    socket.on('close', () => handlers.delete(handler));
    handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    host: HOST,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...handlers].map((h) => h.detach(true)));
      await closed;
    },
  };
}
