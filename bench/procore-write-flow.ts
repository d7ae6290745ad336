// mlc-procore-write with a real mlc-procore-config pointed at the sandbox, run as bench/write-flow.ts runs a write node.
import procoreConfigNode = require('../nodes/procore/procore-config');
import procoreWriteNode = require('../nodes/procore/procore-write');
import { writeThroughFlow } from './write-flow';

export { secondsSince } from './write-flow';

export const BENCH_COMPANY_ID = '4264807';
export const BENCH_CREDENTIALS = { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } as const;

export async function writeThroughNode(bench: string, url: string, operation: 'vendor' | 'commitment', payloads: unknown[]): Promise<{ seconds: number }> {
  const { seconds } = await writeThroughFlow(
    bench,
    {
      modules: [procoreConfigNode, procoreWriteNode],
      config: { type: 'mlc-procore-config', environment: 'custom', apiBase: url, tokenUrl: `${url}/oauth/token`, companyId: BENCH_COMPANY_ID },
      write: { type: 'mlc-procore-write', procore: 'config', operation },
      credentials: { ...BENCH_CREDENTIALS },
    },
    payloads.map((payload) => ({ payload })),
  );
  return { seconds };
}
