// Small conveniences over node-red-node-test-helper: collect what a helper node receives, and wait
// for a given number of messages without sleeping.
import helper from 'node-red-node-test-helper';

export interface Collected {
  messages: Array<Record<string, unknown>>;
  waitFor(count: number, timeoutMs?: number): Promise<Array<Record<string, unknown>>>;
}

export function collect(nodeId: string): Collected {
  const node = helper.getNode(nodeId);
  if (!node) throw new Error(`no node ${nodeId} in the loaded flow`);
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  node.on('input', (msg: Record<string, unknown>) => {
    messages.push(msg);
    for (const w of waiters.filter((w) => messages.length >= w.count)) w.resolve();
  });
  return {
    messages,
    waitFor(count, timeoutMs = 20_000) {
      if (messages.length >= count) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`node ${nodeId}: expected ${count} messages, got ${messages.length} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(messages);
          },
        });
      });
    },
  };
}

export function send(nodeId: string, msg: Record<string, unknown>): void {
  const node = helper.getNode(nodeId);
  if (!node) throw new Error(`no node ${nodeId} in the loaded flow`);
  node.receive(msg);
}

/**
 * Node-RED 5 takes a node with a `z` but no position for a config node, and then a Catch node never
 * catches; test flows get positions so they load as the editor would save them.
 */
export function positioned(flow: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return flow.map((n, i) => (n['z'] !== undefined && n['x'] === undefined ? { ...n, x: 100 + i * 10, y: 100 + i * 10 } : n));
}
