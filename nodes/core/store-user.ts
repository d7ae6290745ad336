// What the dedup, audit and replay nodes share: resolving their mlc-store config node, and an
// owner id that tells this process's claims from another instance's.
import { hostname } from 'node:os';
import type { Node, NodeAPI } from 'node-red';
import type { Store } from '../../lib/store/types';
import { NodeInputError } from '../shared/errors';
import type { StoreConfigNode } from '../shared/types';

export function resolveStore(RED: NodeAPI, storeId: string | undefined): (() => Promise<Store>) | null {
  const configNode = storeId ? (RED.nodes.getNode(storeId) as StoreConfigNode | null) : null;
  if (!configNode || typeof configNode.getStore !== 'function') return null;
  return () => configNode.getStore();
}

export function missingStoreError(nodeType: string): NodeInputError {
  return new NodeInputError(`${nodeType}: no store configured; choose an mlc-store config node`, 'MLC_NO_STORE');
}

let instances = 0;

/**
 * Unique per node instance: a redeploy makes a new owner, so two messages with one key in flight in
 * the same node never both win, and a claim left behind by a crash goes stale instead of being reused.
 */
export function claimOwner(node: Node): string {
  instances += 1;
  return `${hostname()}:${process.pid}:${node.id}:${instances}`;
}
