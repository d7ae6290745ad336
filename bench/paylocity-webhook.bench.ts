// Paylocity webhook deliveries per second through the real nodes (test helper runtime): keep-alive
// HTTP POSTs with Basic credentials, 32 in flight, into mlc-paylocity-webhook (remembering events in
// an mlc-store on SQLite) → mlc-dedup on the same store. A tenth of the deliveries are Webhook Log
// redeliveries, which the webhook drops. The clock stops when every delivery is answered and every
// distinct event has left dedup's first output. The test helper's call recording is taken off once the
// flow has started (bench/call-recording.ts says why).
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import helper from 'node-red-node-test-helper';
import type { NodeAPI } from 'node-red';
import { basicHeader } from '../lib/util/basic-auth';
import webhookNode = require('../nodes/paylocity/paylocity-webhook');
import paylocityConfigNode = require('../nodes/paylocity/paylocity-config');
import storeNode = require('../nodes/core/store-config');
import dedupNode = require('../nodes/core/dedup');
import { runtimeLogProbe, takeOffCallRecording } from './call-recording';
import type { BenchLine, BenchSuite } from './types';

const DISTINCT = 3600;
const REDELIVERIES = 400;
const IN_FLIGHT = 32;
const TARGET_PER_SECOND = 500;
const PATH = '/mlc/paylocity/webhook';
const AUTH = { user: 'pcty-bench', password: 'pw-bench-0b9e' };

/** The httpNode app of the latest load, served on a real socket by the bench's own server. */
let httpNode: Express | null = null;
function httpNodeProbe(RED: NodeAPI): void {
  httpNode = RED.httpNode;
}

/** Hires, terminations, Employee Change notices and pay runs in turn, every one distinct. */
function event(i: number): Record<string, unknown> {
  const id = String(100_000 + i);
  switch (i % 4) {
    case 0:
      return { companyId: 'C01', companyName: 'MLC Demo', employeeId: id, employeeFirstName: `F${id}`, employeeHireDate: '2026-12-01', employeeCity: null };
    case 1:
      return { companyId: 'C01', employeeId: id, employeeLastName: `L${id}`, employeeTerminationDate: '2026-12-04T00:00:00' };
    case 2:
      return { companyid: 'C01', employeeid: id };
    default:
      return { companyId: 'C01', processId: `20261211${String(i).padStart(4, '0')}`, checkDate: '2026-12-11', runId: String(i), processDate: null, status: 'Processed' };
  }
}

/**
 * The deliveries, IN_FLIGHT at a time on keep-alive sockets. node:http rather than fetch: in this
 * process fetch (undici) alone tops out near 700 requests/s, which would measure the client.
 */
async function deliverAll(port: number, bodies: string[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const authorization = basicHeader(AUTH);
  const post = (body: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: PATH, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const status = await post(bodies[next++] as string);
      if (status !== 200) throw new Error(`paylocity-webhook bench: a delivery was answered ${status}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  } finally {
    agent.destroy();
  }
}

/** One run on a fresh SQLite file; `remember`: the webhook also claims its events in the store. */
async function measure(port: number, file: string, remember: boolean): Promise<{ perSecond: number; seconds: number; deliveries: number }> {
  await helper.load(
    [webhookNode, paylocityConfigNode, storeNode, dedupNode, httpNodeProbe, runtimeLogProbe],
    [
      { id: 'tab', type: 'tab' },
      { id: 'pcty', type: 'mlc-paylocity-config', companyId: 'C01' },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: file },
      { id: 'hook', z: 'tab', type: 'mlc-paylocity-webhook', paylocity: 'pcty', events: 'all', path: PATH, windowHours: 24, store: remember ? 'store' : '', wires: [['dedup']] },
      { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', wires: [['sink'], []] },
      { id: 'sink', z: 'tab', type: 'helper' },
    ],
    { pcty: { clientId: 'cid', clientSecret: 'csecret', webhookUser: AUTH.user, webhookPassword: AUTH.password } },
  );
  try {
    const sink = helper.getNode('sink');
    if (!sink || !helper.getNode('hook')) throw new Error('paylocity-webhook bench: the flow did not start');
    takeOffCallRecording(['store', 'pcty', 'hook', 'dedup', 'sink'].map((id) => helper.getNode(id)), 'paylocity-webhook');
    const distinct = Array.from({ length: DISTINCT }, (_, i) => JSON.stringify(event(i)));
    // Redeliveries of hires, terminations and pay runs (an Employee Change notice always goes through).
    const again = distinct.filter((_, i) => i % 4 !== 2).slice(0, REDELIVERIES);
    const bodies = distinct.flatMap((body, i) => (i % 9 === 0 && again.length > 0 ? [body, again.shift() as string] : [body])).concat(again);
    let seen = 0;
    const processed = new Promise<void>((resolve) => sink.on('input', () => ++seen === DISTINCT && resolve()));
    const started = process.hrtime.bigint();
    await Promise.all([deliverAll(port, bodies), processed]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { perSecond: bodies.length / seconds, seconds, deliveries: bodies.length };
  } finally {
    await helper.unload();
  }
}

export const paylocityWebhookBench: BenchSuite = {
  name: 'paylocity-webhook',
  async run(): Promise<BenchLine[]> {
    helper.init(require.resolve('node-red'));
    await helper.startServer();
    const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-pcty-webhook-'));
    const server = createServer((req, res) => {
      if (httpNode) httpNode(req, res);
      else res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // A Node-RED that takes webhooks runs for days: time the steady state, not the first seconds of a
      // fresh process (JIT, SQLite's first pages), which a discarded pass absorbs.
      await measure(port, join(dir, 'warm-up.sqlite'), true);
      const stored = await measure(port, join(dir, 'stored.sqlite'), true);
      const inMemory = await measure(port, join(dir, 'memory.sqlite'), false);
      const note = (run: { seconds: number; deliveries: number }): string =>
        `${DISTINCT} distinct processed once, ${run.deliveries - DISTINCT} redeliveries dropped, ${run.seconds.toFixed(2)} s`;
      return [
        {
          name: `webhook (store) → dedup, SQLite, ${stored.deliveries} deliveries, ${IN_FLIGHT} in flight`,
          value: stored.perSecond,
          unit: 'deliv/s',
          target: TARGET_PER_SECOND,
          higherIsBetter: true,
          note: note(stored),
        },
        { name: '  same, the webhook remembering events in memory only', value: inMemory.perSecond, unit: 'deliv/s', higherIsBetter: true, note: note(inMemory) },
      ];
    } finally {
      await helper.stopServer();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      httpNode = null;
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
