// Incremental Odoo read of 100,000 vendors from the Odoo simulator (in a worker thread, as a remote
// Odoo runs beside the client: bench/odoo-sim-worker.ts), over JSON-2 on real sockets, into a real
// SQLite store: the read node's logic (lib/odoo/incremental-reader) with
// its cursor writes and audit waits, not the Node-RED node. The test helper's sinon spies keep every
// sent message, so 100,000 messages through the helper would measure the spies' memory, not ours.
//
// "after audited": a stand-in for dedup → write → audit marks each page's keys posted in the store
// one event-loop turn after the page is sent, so every page goes through the store poll as in a flow.
// "as soon as sent": the cursor moves right after each page. Baseline: the raw client paging the
// same keyset with no store at all. Memory: rss and heapUsed sampled every 25 ms, peak above the
// level measured just before each run (simulator and seeded data already loaded).
//
// The ratio "after audited / raw" is steadied as the write bench's is: baseline and audited read run
// in pairs, the order inside a pair alternating, and the median of the pairs' ratios is reported. Each
// audited run reads under keys of its own (a key prefix) and must leave its cursor where the raw
// read ended.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OdooClient } from '../lib/odoo/client';
import { afterCursorDomain, cursorAt, encodeCursor, type ReadCursor } from '../lib/odoo/cursor';
import { andDomains, type Domain } from '../lib/odoo/domain';
import { INCREMENTAL_ORDER, readIncremental, type AdvanceWhen } from '../lib/odoo/incremental-reader';
import type { ReadPage } from '../lib/odoo/read-types';
import { openStore } from '../lib/store';
import type { Store } from '../lib/store/types';
import { SimWorker } from './sim-worker';
import type { OdooSimWorkerAnswer, OdooSimWorkerData, OdooSimWorkerRequest } from './odoo-sim-worker';
import type { BenchLine, BenchSuite } from './types';
import { median, medianBy } from './median';
import { MemoryPeak, settle } from './memory-peak';

const RECORDS = 100_000;
const PAGE_SIZE = 200;
const DOMAIN: Domain = [['ref', '=like', 'BULK-%']];
const FIELDS = ['name', 'ref', 'email', 'supplier_rank', 'write_date'];
const MEMORY_TARGET_MB = 150;
const RATIO_TARGET = 0.5;
const PAIRS = 5;

interface Measured {
  rate: number;
  rssMb: number;
  heapMb: number;
}

async function measure(work: () => Promise<number>): Promise<Measured> {
  await settle();
  const peak = new MemoryPeak();
  const started = process.hrtime.bigint();
  const read = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const memory = peak.stop();
  if (read !== RECORDS) throw new Error(`odoo-read bench: read ${read} records, expected ${RECORDS}`);
  return { rate: read / seconds, ...memory };
}


export async function viaReader(client: OdooClient, store: Store, advance: AdvanceWhen, cursorName: string, keyPrefix?: string): Promise<number> {
  let read = 0;
  const summary = await readIncremental(
    client,
    store,
    { model: 'res.partner', domain: DOMAIN, fields: FIELDS, pageSize: PAGE_SIZE, cursorName, advance, auditTimeoutMs: 60_000, ...(keyPrefix ? { keyPrefix } : {}) },
    {
      emit(page: ReadPage) {
        // What a flow does with the page: one message object per record, as the node builds them.
        const messages = page.records.map((record, i) => ({ topic: 'odoo/res.partner', payload: record, mlc: { key: page.keys[i], runId: 'bench' } }));
        read += messages.length;
        if (advance === 'audited') {
          setImmediate(() => {
            const started = process.hrtime.bigint();
            // SQLite writes synchronously: the time to the promise is the write's.
            void store.markPostedMany(messages.map((m) => ({ key: m.mlc.key ?? '', target: { system: 'bench', entity: 'res.partner', id: String(m.payload.id) } })));
            auditSeconds += Number(process.hrtime.bigint() - started) / 1e9;
          });
        }
      },
    },
  );
  return summary.read === read ? read : -1;
}

/** Time spent in the audit stand-in's store writes since the last reset: the audit's cost, not the reader's. */
let auditSeconds = 0;

/** Where the raw read ended: an audited run must leave its cursor there. */
let rawEnd: string | null = null;

async function rawClient(client: OdooClient): Promise<number> {
  let cursor: ReadCursor | null = null;
  let read = 0;
  for (;;) {
    const page = await client.searchRead('res.partner', {
      domain: cursor ? andDomains(DOMAIN, afterCursorDomain(cursor)) : DOMAIN,
      fields: FIELDS,
      order: INCREMENTAL_ORDER,
      limit: PAGE_SIZE,
    });
    if (page.length === 0) {
      rawEnd = cursor ? encodeCursor(cursor) : null;
      return read;
    }
    read += page.length;
    cursor = cursorAt(page[page.length - 1] ?? {}, 'res.partner');
  }
}

function lines(label: string, m: Measured, memoryTarget: boolean): BenchLine[] {
  return [
    { name: `odoo read ${label}: ${RECORDS / 1000}k partners, pages of ${PAGE_SIZE}`, value: m.rate, unit: 'rec/s', higherIsBetter: true },
    {
      name: `odoo read ${label}: peak rss above idle`,
      value: m.rssMb,
      unit: 'MB',
      higherIsBetter: false,
      ...(memoryTarget ? { target: MEMORY_TARGET_MB } : {}),
    },
    { name: `odoo read ${label}: peak heapUsed above idle`, value: m.heapMb, unit: 'MB', higherIsBetter: false },
  ];
}

export const odooReadBench: BenchSuite = {
  name: 'odoo-read',
  async run(): Promise<BenchLine[]> {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-odoo-read-bench-'));
    let sim: SimWorker<OdooSimWorkerAnswer, OdooSimWorkerRequest> | null = null;
    let store: Store | null = null;
    let client: OdooClient | null = null;
    try {
      sim = new SimWorker<OdooSimWorkerAnswer, OdooSimWorkerRequest>(join(__dirname, 'odoo-sim-worker.js'), { partners: RECORDS } satisfies OdooSimWorkerData, { kind: 'close' });
      const { url } = await sim.next('ready');
      store = await openStore({ kind: 'sqlite', path: join(dir, 'bench.sqlite') });
      client = new OdooClient({ configName: 'bench', url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
      const s = store;
      const c = client;
      // A full pass first, not measured: login, fields_get and the JIT warm, so the baseline (run
      // first) is not the one that pays for them.
      await rawClient(c);
      const sent = await measure(() => viaReader(c, s, 'sent', 'bench-sent'));
      const pairs: Array<{ raw: Measured; audited: Measured }> = [];
      const auditShares: number[] = [];
      const auditedRun = async (p: number): Promise<Measured> => {
        const cursorName = `bench-audited-${p}`;
        auditSeconds = 0;
        const m = await measure(() => viaReader(c, s, 'audited', cursorName, `run${p}`));
        auditShares.push(auditSeconds / (RECORDS / m.rate));
        const end = (await s.getCursor(cursorName))?.value ?? null;
        if (end === null || end !== rawEnd) throw new Error(`odoo-read bench: the audited read left its cursor at ${String(end)}, the raw read ended at ${String(rawEnd)}`);
        return m;
      };
      for (let p = 0; p < PAIRS; p++) {
        if (p % 2 === 0) {
          const raw = await measure(() => rawClient(c));
          pairs.push({ raw, audited: await auditedRun(p) });
        } else {
          const audited = await auditedRun(p);
          pairs.push({ raw: await measure(() => rawClient(c)), audited });
        }
      }
      const ratios = pairs.map((p) => p.audited.rate / p.raw.rate);
      const baseline = medianBy(pairs.map((p) => p.raw), (m) => m.rate);
      const audited = medianBy(pairs.map((p) => p.audited), (m) => m.rate);
      return [
        ...lines(`raw client (baseline, median of ${PAIRS})`, baseline, false),
        ...lines('reader, as soon as sent', sent, true),
        ...lines(`reader, after audited (median of ${PAIRS})`, audited, true),
        {
          name: 'odoo read after audited / raw client',
          value: median(ratios),
          unit: 'ratio',
          target: RATIO_TARGET,
          higherIsBetter: true,
          note: `median of ${PAIRS} pairs: ${ratios.map((r) => r.toFixed(2)).join(', ')}; the audit stand-in's store writes took ${auditShares.map((a) => `${Math.round(100 * a)}%`).join(', ')} of the audited runs`,
        },
      ];
    } finally {
      client?.close();
      await store?.close();
      await sim?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
