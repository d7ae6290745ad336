// Pay statements of 1,000 employees for one check date (lib/paylocity readChecks, what mlc-paylocity-read
// runs), from the Paylocity sandbox over real sockets with 20 ms latency on every call, under the
// sandbox's rate limit of 25 requests a second (Paylocity WebLink's own since Nov 2024).
//
// WebLink has no company-wide pay statement call: the employee list is paged, then each employee's
// details of the check date are one GET, so 1,000 employees are at least 1,000 calls. The client paces
// itself at 23/s, under the limit: an even pace at exactly 25/s lets a late arrival open the sandbox's
// 1-second window so that the 26th call lands in it (429, then a second's wait), and at 24/s an
// event-loop stall of over 42 ms at a window's start still did so (2 of 1,011 calls); 23/s leaves 83 ms
// and measured none. The floor is
// what the rate limit and the latency allow together: max(calls / 25 per s, calls × latency /
// concurrency); with 8 in flight and 20 ms the rate limit is the bound. The ratio wall / floor shows
// what the pace's margin, page boundaries and the reader's own work add (target ≤ 1.25).
import { join } from 'node:path';
import { PaylocityClient } from '../lib/paylocity/client';
import { readChecks } from '../lib/paylocity/pay-statements';
import { MemoryPeak, settle } from './memory-peak';
import { SimWorker } from './sim-worker';
import type { PaylocitySimWorkerAnswer, PaylocitySimWorkerData, PaylocitySimWorkerRequest } from './paylocity-sim-worker';
import type { BenchLine, BenchSuite } from './types';

const ACTIVE_EMPLOYEES = 1000;
const LATENCY_MS = 20;
const CONCURRENCY = 8;
const PAGE_SIZE = 500;
const RATE_LIMIT = 25;
const PACE = 23;
const CHECK_DATE = '2026-12-11';
const TARGET_RATIO = 1.25;


export const paylocityStatementsBench: BenchSuite = {
  name: 'paylocity-statements',
  async run(): Promise<BenchLine[]> {
    const data: PaylocitySimWorkerData = { activeEmployees: ACTIVE_EMPLOYEES, latencyMs: LATENCY_MS, checkDate: CHECK_DATE };
    const sim = new SimWorker<PaylocitySimWorkerAnswer, PaylocitySimWorkerRequest>(join(__dirname, 'paylocity-sim-worker.js'), data, { kind: 'close' });
    const ready = await sim.next('ready');
    const client = new PaylocityClient({
      configName: 'bench',
      apiBase: `${ready.url}/api`,
      tokenUrl: `${ready.url}/IdentityServer/connect/token`,
      companyId: 'MLC01',
      clientId: 'mlc-demo-client',
      clientSecret: 'mlc-demo-secret',
      pageSize: PAGE_SIZE,
      concurrency: CONCURRENCY,
      requestsPerSecond: PACE,
    });
    try {
      await client.token();
      await sim.next('log-cleared', { kind: 'start-log' });
      await settle();
      const peak = new MemoryPeak();
      const started = process.hrtime.bigint();
      let checks = 0;
      let asked = 0;
      let grossCents = 0;
      for await (const page of readChecks(client, { checkDate: CHECK_DATE, parts: 'details' })) {
        asked += page.asked;
        checks += page.checks.length;
        for (const check of page.checks) for (const d of check.details) if (d.detType === 'E') grossCents += Math.round((d.amount ?? 0) * 100);
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const memory = peak.stop();
      if (checks < ACTIVE_EMPLOYEES) throw new Error(`paylocity-statements bench: ${checks} checks, expected ${ACTIVE_EMPLOYEES}`);
      const log = await sim.next('log', { kind: 'log' });
      const byRate = log.requests / RATE_LIMIT;
      const byLatency = (log.requests * LATENCY_MS) / CONCURRENCY / 1000;
      const floor = Math.max(byRate, byLatency);
      const calls = Object.entries(log.byOperation).map(([operation, n]) => `${operation} ${n}`).join(', ');
      return [
        { name: `paylocity pay statements: ${ACTIVE_EMPLOYEES / 1000}k paid, ${LATENCY_MS} ms, ${RATE_LIMIT}/s limit: wall`, value: seconds, unit: 's', note: `${asked} employees asked, ${checks} checks, gross ${(grossCents / 100).toFixed(2)}` },
        { name: 'paylocity pay statements: floor max(calls/limit, calls×latency/conc.)', value: floor, unit: 's', note: `${log.requests} calls (${calls}): ${byRate.toFixed(2)} s by the rate limit, ${byLatency.toFixed(2)} s by latency at concurrency ${CONCURRENCY}` },
        { name: 'paylocity pay statements: wall / floor', value: seconds / floor, unit: 'x', target: TARGET_RATIO, higherIsBetter: false, note: `client pace ${PACE}/s` },
        { name: 'paylocity pay statements: 429 answers', value: log.rejected, unit: 'calls', target: 0, higherIsBetter: false },
        { name: 'paylocity pay statements: checks/s', value: checks / seconds, unit: 'rec/s', higherIsBetter: true },
        { name: 'paylocity pay statements: peak heapUsed above idle (reader)', value: memory.heapMb, unit: 'MB', higherIsBetter: false },
      ];
    } finally {
      client.close();
      await sim.close();
    }
  },
};
