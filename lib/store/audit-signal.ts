// A store tells the readers waiting in this process (lib/read/audit-wait.ts) that outcomes were
// written, so a read re-counts its page when the audit has written instead of on a timer. Keyed by
// store instance: every node sharing a store config node holds the same instance. Writers in another
// process (PostgreSQL shared by several instances) cannot reach this, so the wait still polls, slowly.
//
// A generation number rather than bare events: the reader takes the generation before it counts
// and waits for a different one, so a write that lands between its count and its wait is not missed.

interface Channel {
  generation: number;
  waiters: Set<() => void>;
}

const channels = new WeakMap<object, Channel>();

function channelOf(store: object): Channel {
  let channel = channels.get(store);
  if (!channel) {
    channel = { generation: 0, waiters: new Set() };
    channels.set(store, channel);
  }
  return channel;
}

/** Taken before counting; pass it to waitForAuditSignal. Creates the channel, so writes from here on count. */
export function auditGeneration(store: object): number {
  return channelOf(store).generation;
}

/** Called by a store after it wrote outcomes (posted, failed, parked) or read-key links. */
export function signalAudited(store: object): void {
  const channel = channels.get(store);
  // No reader has ever waited on this store: nothing to bump, nothing to allocate per write.
  if (!channel) return;
  channel.generation++;
  const waiters = [...channel.waiters];
  channel.waiters.clear();
  for (const wake of waiters) wake();
}

/**
 * Resolves true when the store signals after generation `since` (at once if it already has), false
 * after `ms` without a signal; rejects with the abort reason as soon as `signal` aborts.
 */
export function waitForAuditSignal(store: object, since: number, ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const channel = channelOf(store);
    if (channel.generation !== since) {
      resolve(true);
      return;
    }
    const finish = (signalled: boolean): void => {
      clearTimeout(timer);
      channel.waiters.delete(wake);
      signal?.removeEventListener('abort', onAbort);
      resolve(signalled);
    };
    const wake = (): void => finish(true);
    const onAbort = (): void => {
      clearTimeout(timer);
      channel.waiters.delete(wake);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => finish(false), ms);
    channel.waiters.add(wake);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
