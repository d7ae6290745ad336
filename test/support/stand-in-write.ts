// A stand-in for a write node in read-node tests: sets msg.mlc.target from msg.mlc.source, as a real
// write would after posting, so dedup → (write) → audit can run without a target system.
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';

export interface Mlc {
  key: string;
  runId: string;
  source: { system: string; entity: string; id: string };
}

export function testWriteNode(RED: NodeAPI): void {
  RED.nodes.registerType('mlc-test-write', function (this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    this.on('input', (msg: NodeMessage & { mlc?: Record<string, unknown> }, send, done) => {
      const source = msg.mlc?.['source'] as { entity: string; id: string };
      msg.mlc = { ...msg.mlc, target: { system: 'test', entity: source.entity, id: source.id } };
      send(msg);
      done();
    });
  });
}
