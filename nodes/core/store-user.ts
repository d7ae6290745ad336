// What the dedup, audit and replay nodes share: resolving their mlc-store config node, and an
// owner id that tells this process's claims from another instance's.
import { hostname } from 'node:os';
import type { Node, NodeAPI } from 'node-red';
import { processTag } from '../../lib/store/process-identity';
import type { ClaimHolder, Store } from '../../lib/store/types';
import { NodeInputError } from '../shared/errors';
import type { StoreConfigNode } from '../shared/types';

export function resolveStore(RED: NodeAPI, storeId: string | undefined): (() => Promise<Store>) | null {
  const configNode = storeId ? (RED.nodes.getNode(storeId) as StoreConfigNode | null) : null;
  if (!configNode || typeof configNode.getStore !== 'function') return null;
  return () => configNode.getStore();
}

/**
 * Hands store work to the store config node, which closes only after it settles (null without a
 * store). Node-RED closes a deploy's nodes all at once, the store's config node among them.
 */
export function storeKeeper(RED: NodeAPI, storeId: string | undefined): ((work: Promise<unknown>) => void) | null {
  const configNode = storeId ? (RED.nodes.getNode(storeId) as StoreConfigNode | null) : null;
  return configNode && typeof configNode.keepOpenFor === 'function' ? (work) => configNode.keepOpenFor(work) : null;
}

/** The claim lease of the store config node (ms), or undefined without one. */
export function storeLeaseMs(RED: NodeAPI, storeId: string | undefined): number | undefined {
  const configNode = storeId ? (RED.nodes.getNode(storeId) as StoreConfigNode | null) : null;
  return configNode && typeof configNode.leaseMs === 'function' ? configNode.leaseMs() : undefined;
}

/** The process identity the store config node claims under (null without a usable store). */
export function storeHolder(RED: NodeAPI, storeId: string | undefined): ClaimHolder | null {
  const configNode = storeId ? (RED.nodes.getNode(storeId) as StoreConfigNode | null) : null;
  return configNode && typeof configNode.holder === 'function' ? configNode.holder() : null;
}

export function missingStoreError(nodeType: string): NodeInputError {
  return new NodeInputError(`${nodeType}: no store configured; choose an mlc-store config node`, 'MLC_NO_STORE');
}

let instances = 0;

/**
 * Unique per node instance and process start: a redeploy makes a new owner, so two messages with one
 * key in flight in the same node never both win; the random process tag keeps a restarted container
 * (same host name, same pid, same node order) from ever reusing the owner of the start that crashed.
 */
export function claimOwner(node: Node): string {
  instances += 1;
  return `${hostname()}:${process.pid}:${processTag()}:${node.id}:${instances}`;
}

/**
 * The store, held once open: a node's message then reaches it without a promise of its own (at
 * 10,000 messages a burst, the promises and async frames kept per message were garbage the
 * collector spent more on than the store's own work).
 */
export class OpenedStore {
  private store: Store | null = null;

  constructor(private readonly open: () => Promise<Store>) {}

  /** Runs `work` with the store: at once when it is open, else once it opens; `failed` gets an opening error. */
  with(work: (store: Store) => void, failed: (err: unknown) => void): void {
    if (this.store) {
      work(this.store);
      return;
    }
    this.open().then((store) => {
      this.store = store;
      work(store);
    }, failed);
  }
}
