// mlc-procore-write in the test helper's runtime with a real mlc-procore-config pointed at the sandbox:
// the messages go in all at once, the clock stops when the last has left output 1; a record on output
// 2 ends the run with its error. The helper's call recording is taken off (bench/call-recording.ts).
// The caller starts the helper's server (helper.init, helper.startServer) around its runs.
import helper from 'node-red-node-test-helper';
import procoreConfigNode = require('../nodes/procore/procore-config');
import procoreWriteNode = require('../nodes/procore/procore-write');
import { runtimeLogProbe, takeOffCallRecording } from './call-recording';

export const BENCH_COMPANY_ID = '4264807';
export const BENCH_CREDENTIALS = { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } as const;

export async function writeThroughNode(bench: string, url: string, operation: 'vendor' | 'commitment', payloads: unknown[]): Promise<{ seconds: number }> {
  const flow = [
    { id: 'tab', type: 'tab' },
    { id: 'procore', type: 'mlc-procore-config', name: 'bench', environment: 'custom', apiBase: url, tokenUrl: `${url}/oauth/token`, companyId: BENCH_COMPANY_ID },
    { id: 'write', z: 'tab', type: 'mlc-procore-write', procore: 'procore', operation, wires: [['sink'], ['failed']] },
    { id: 'sink', z: 'tab', type: 'helper' },
    { id: 'failed', z: 'tab', type: 'helper' },
  ];
  await helper.load([procoreConfigNode, procoreWriteNode, runtimeLogProbe], flow, { procore: { ...BENCH_CREDENTIALS } });
  try {
    const write = helper.getNode('write');
    const sink = helper.getNode('sink');
    const failed = helper.getNode('failed');
    if (!write || !sink || !failed) throw new Error(`${bench} bench: the flow did not start (a node type failed to register)`);
    takeOffCallRecording([write, sink, failed, helper.getNode('procore')], bench);
    let seen = 0;
    const finished = new Promise<void>((resolve, reject) => {
      sink.on('input', () => ++seen === payloads.length && resolve());
      failed.on('input', (msg: Record<string, unknown>) => reject(new Error(`${bench} bench: a record failed: ${JSON.stringify(msg['error'])}`)));
    });
    const started = process.hrtime.bigint();
    for (const payload of payloads) write.receive({ payload } as never);
    await finished;
    return { seconds: secondsSince(started) };
  } finally {
    await helper.unload();
  }
}

export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
