// A write node in the test helper's runtime with its real config node pointed at a sandbox: the
// messages go in all at once, the clock stops when the last has left output 1; a record on output 2
// ends the run with its error. The helper's call recording is taken off (bench/call-recording.ts).
// The caller starts the helper's server (helper.init, helper.startServer) around its runs.
import helper from 'node-red-node-test-helper';
import type { NodeAPI } from 'node-red';
import { runtimeLogProbe, takeOffCallRecording } from './call-recording';

export interface WriteFlow {
  /** The config node's module and the write node's module. */
  modules: Array<(RED: NodeAPI) => void>;
  /** The config node (its id is `config`) without wires. */
  config: Record<string, unknown>;
  /** The write node's own fields: its type, its config field naming `config`, its settings. */
  write: Record<string, unknown>;
  credentials: Record<string, string>;
}

export interface WriteRun {
  seconds: number;
  /** The messages output 1 sent, in the order they left (none kept when the caller observes them itself). */
  written: Array<Record<string, unknown>>;
}

export interface WriteFlowFeed {
  /**
   * `observe` sees each message output 1 sends instead of the run keeping it: a run of 200,000 would
   * otherwise count the retained outputs as the node's memory.
   */
  observe?: (msg: Record<string, unknown>) => void;
  /**
   * At most this many messages in the node at once, the next sent as one comes out: how a read node
   * feeds a flow (pages, the next when the last is through). Default: all at once.
   */
  window?: number;
}

/** Messages made as they are sent, so a run of 200,000 holds only those in flight (as a paging read node does). */
export interface MessageSource {
  count: number;
  at(index: number): Record<string, unknown>;
}

export async function writeThroughFlow(bench: string, spec: WriteFlow, messages: Array<Record<string, unknown>> | MessageSource, feed: WriteFlowFeed = {}): Promise<WriteRun> {
  const { observe } = feed;
  const source: MessageSource = Array.isArray(messages) ? { count: messages.length, at: (i) => messages[i] as Record<string, unknown> } : messages;
  const total = source.count;
  const window = Math.max(1, Math.min(feed.window ?? total, total));
  const flow = [
    { id: 'tab', type: 'tab' },
    { id: 'config', name: 'bench', ...spec.config },
    { id: 'write', z: 'tab', ...spec.write, wires: [['sink'], ['failed']] },
    { id: 'sink', z: 'tab', type: 'helper' },
    { id: 'failed', z: 'tab', type: 'helper' },
  ];
  await helper.load([...spec.modules, runtimeLogProbe], flow, { config: spec.credentials });
  try {
    const write = helper.getNode('write');
    const sink = helper.getNode('sink');
    const failed = helper.getNode('failed');
    if (!write || !sink || !failed) throw new Error(`${bench} bench: the flow did not start (a node type failed to register)`);
    takeOffCallRecording([write, sink, failed, helper.getNode('config')], bench);
    const written: Array<Record<string, unknown>> = [];
    let next = 0;
    const finished = new Promise<void>((resolve, reject) => {
      let count = 0;
      sink.on('input', (msg: Record<string, unknown>) => {
        if (observe) observe(msg);
        else written.push(msg);
        if (++count === total) resolve();
        else if (next < total) write.receive(source.at(next++) as never);
      });
      failed.on('input', (msg: Record<string, unknown>) => reject(new Error(`${bench} bench: a record failed: ${JSON.stringify(msg['error'])}`)));
    });
    const started = process.hrtime.bigint();
    while (next < window) write.receive(source.at(next++) as never);
    await finished;
    return { seconds: secondsSince(started), written };
  } finally {
    await helper.unload();
  }
}

export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
