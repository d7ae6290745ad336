// mlc-store: which audit/dedup/cursor store the flow uses. One store is opened per config node and
// shared by every node that points at it; it is closed when the config node is redeployed or removed.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { DEFAULT_PROCESS_LEASE_MS, defaultSqlitePath, openStore, processHolder } from '../../lib/store';
import type { ClaimHolder, Store, StoreConfig } from '../../lib/store/types';
import { onClose } from '../shared/input';
import type { StoreConfigNode } from '../shared/types';
import { describeStoreConfig, leaseMsFromNode, payloadRetentionMsFromNode, storeConfigFromNode, type StoreNodeSettings } from './store-config-settings';

/** How often payloads past their retention are dropped. */
const PRUNE_EVERY_MS = 3_600_000;

interface StoreCredentials {
  password?: string;
}

export = function (RED: NodeAPI): void {
  function MlcStoreNode(this: StoreConfigNode, def: NodeDef & StoreNodeSettings): void {
    RED.nodes.createNode(this, def);
    const node = this as StoreConfigNode & Node<StoreCredentials>;
    const userDir = (RED.settings as unknown as { userDir?: string }).userDir ?? process.cwd();
    let config: StoreConfig | null = null;
    let configError: Error | null = null;
    try {
      config = storeConfigFromNode(def, node.credentials ?? {}, defaultSqlitePath(userDir));
    } catch (err) {
      // Reported to every node that uses this store, on the message that needed it (Catch sees it).
      configError = err instanceof Error ? err : new Error(String(err));
    }
    let opening: Promise<Store> | null = null;
    const holder: ClaimHolder = processHolder(userDir);
    const leaseMs = leaseMsFromNode(def, DEFAULT_PROCESS_LEASE_MS);
    let heartbeat: NodeJS.Timeout | null = null;
    const retentionMs = payloadRetentionMsFromNode(def);
    let pruning: NodeJS.Timeout | null = null;
    let heartbeatFailing = false;
    let closed = false;
    /** Store work of the nodes that use this store, finished before it closes. */
    const inFlight = new Set<Promise<unknown>>();

    const beat = (store: Store): void => {
      store.heartbeat(holder, leaseMs).then(
        () => {
          heartbeatFailing = false;
        },
        (err: unknown) => {
          // Said once per outage: a store that is down is reported by every node that uses it.
          if (!heartbeatFailing) node.warn(`mlc-store: could not renew this process's claim lease: ${err instanceof Error ? err.message : String(err)}`);
          heartbeatFailing = true;
        },
      );
    };

    /** Before the first claim: alive in the store, and this instance's earlier starts' claims taken back. */
    const prepare = async (store: Store): Promise<Store> => {
      await store.heartbeat(holder, leaseMs);
      const recovered = await store.recoverOrphans(holder);
      if (recovered > 0) node.log(`mlc-store: took back ${recovered} claim(s) an earlier start of this instance left unfinished; they are failed and replayable`);
      if (!closed && !heartbeat) {
        heartbeat = setInterval(() => beat(store), Math.max(1000, Math.floor(leaseMs / 3)));
        heartbeat.unref();
      }
      if (retentionMs !== null && !closed && !pruning) {
        prune(store, retentionMs);
        pruning = setInterval(() => prune(store, retentionMs), PRUNE_EVERY_MS);
        pruning.unref();
      }
      return store;
    };

    node.getStore = () => {
      if (!config) return Promise.reject(configError ?? new Error('mlc-store: not configured'));
      if (!opening) {
        opening = openStore(config).then(async (store) => {
          try {
            return await prepare(store);
          } catch (err) {
            await store.close().catch(() => undefined);
            throw err;
          }
        });
        // A failed open is not cached: the next message tries again (the database may come back).
        opening.catch(() => {
          opening = null;
        });
      }
      return opening;
    };
    node.keepOpenFor = (work) => {
      const tracked: Promise<unknown> = work.then(
        () => inFlight.delete(tracked),
        () => inFlight.delete(tracked),
      );
      inFlight.add(tracked);
    };
    node.holder = () => holder;
    node.leaseMs = () => leaseMs;
    node.describe = () => (config ? describeStoreConfig(config) : 'store not configured');

    // Opened at once rather than on the first message, so claims a crash left behind are taken
    // back when the instance starts, not when the next record happens to arrive.
    if (config) node.getStore().catch((err: unknown) => node.warn(`mlc-store: ${err instanceof Error ? err.message : String(err)}`));

    const prune = (store: Store, olderThanMs: number): void => {
      store.prunePostedPayloads(olderThanMs).then(
        (n) => {
          if (n > 0) node.log(`mlc-store: dropped the payloads of ${n} record(s) posted more than ${def.retentionDays} day(s) ago`);
        },
        (err: unknown) => node.warn(`mlc-store: could not drop old payloads: ${err instanceof Error ? err.message : String(err)}`),
      );
    };

    onClose(node, async () => {
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      if (pruning) clearInterval(pruning);
      pruning = null;
      // What the nodes closing beside this one still have to write (work handed over while waiting too).
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      const pending = opening;
      opening = null;
      if (pending) await pending.then((store) => store.close(), () => undefined);
    });
  }

  RED.nodes.registerType('mlc-store', MlcStoreNode as unknown as (this: Node, def: NodeDef) => void, {
    credentials: { password: { type: 'password' } },
  });
};
