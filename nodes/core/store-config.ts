// mlc-store: which audit/dedup/cursor store the flow uses. One store is opened per config node and
// shared by every node that points at it; it is closed when the config node is redeployed or removed.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { defaultSqlitePath, openStore } from '../../lib/store';
import type { Store, StoreConfig } from '../../lib/store/types';
import { onClose } from '../shared/input';
import type { StoreConfigNode } from '../shared/types';
import { describeStoreConfig, storeConfigFromNode, type StoreNodeSettings } from './store-config-settings';

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

    node.getStore = () => {
      if (!config) return Promise.reject(configError ?? new Error('mlc-store: not configured'));
      if (!opening) {
        opening = openStore(config);
        // A failed open is not cached: the next message tries again (the database may come back).
        opening.catch(() => {
          opening = null;
        });
      }
      return opening;
    };
    node.describe = () => (config ? describeStoreConfig(config) : 'store not configured');

    onClose(node, async () => {
      const pending = opening;
      opening = null;
      if (pending) await pending.then((store) => store.close(), () => undefined);
    });
  }

  RED.nodes.registerType('mlc-store', MlcStoreNode as unknown as (this: Node, def: NodeDef) => void, {
    credentials: { password: { type: 'password' } },
  });
};
