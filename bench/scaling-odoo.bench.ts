// Scaling study, Odoo part (issue 15): the incremental read whose cursor moves after each page is
// audited, at 20,000 and 200,000 partners, each from its own simulator (in a worker thread, as in the
// odoo-read bench) into its own fresh SQLite store. A cost per record that grows with the size, or a
// heap that keeps what it read, shows as a large/small ratio above 1.
//
// Retained heap: a full collection forced at ten points of each run, heapUsed after it above the level
// before the run; the largest of the ten. The collections' own time is taken off the run's time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OdooClient } from '../lib/odoo/client';
import { readIncremental } from '../lib/odoo/incremental-reader';
import { openStore } from '../lib/store';
import type { Store } from '../lib/store/types';
import { settle } from './memory-peak';
import type { OdooSimWorkerAnswer, OdooSimWorkerData, OdooSimWorkerRequest } from './odoo-sim-worker';
import { SimWorker } from './sim-worker';
import type { BenchLine, BenchSuite } from './types';

const SIZES = [20_000, 200_000] as const;
const PAGE_SIZE = 200;
const GC_POINTS = 10;
const WARM_UP_PAGES = 20;
const FLAT_TARGET = 1.2;

/** The collector, from --expose-gc or, without it, switched on here (the flag only adds the function). */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

interface SizeResult {
  partners: number;
  usPerRecord: number;
  retainedMb: number;
}

async function readAudited(client: OdooClient, store: Store, partners: number, gc: () => void): Promise<SizeResult> {
  await settle();
  gc();
  const idleHeap = process.memoryUsage().heapUsed;
  const every = Math.max(PAGE_SIZE, Math.floor(partners / GC_POINTS));
  let retained = 0;
  let gcSeconds = 0;
  let read = 0;
  let nextGcAt = every;
  const started = process.hrtime.bigint();
  const summary = await readIncremental(
    client,
    store,
    { model: 'res.partner', domain: [['ref', '=like', 'BULK-%']], fields: ['name', 'ref', 'email', 'supplier_rank', 'write_date'], pageSize: PAGE_SIZE, cursorName: 'scaling', advance: 'audited', auditTimeoutMs: 60_000 },
    {
      emit(page) {
        const messages = page.records.map((record, i) => ({ topic: 'odoo/res.partner', payload: record, mlc: { key: page.keys[i] ?? '', runId: 'scaling' } }));
        read += messages.length;
        // The audit's stand-in, as in the odoo-read bench: the page's keys posted one turn after it was sent.
        setImmediate(() => void store.markPostedMany(messages.map((m) => ({ key: m.mlc.key, target: { system: 'bench', entity: 'res.partner', id: String(m.payload.id) } }))));
        if (read >= nextGcAt) {
          nextGcAt += every;
          const before = process.hrtime.bigint();
          gc();
          retained = Math.max(retained, process.memoryUsage().heapUsed - idleHeap);
          gcSeconds += Number(process.hrtime.bigint() - before) / 1e9;
        }
      },
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9 - gcSeconds;
  if (summary.read !== partners || read !== partners) throw new Error(`scaling-odoo bench: read ${summary.read} (${read} sent) of ${partners} partners`);
  const stored = (await store.getCursor('scaling'))?.value ?? null;
  if (summary.cursor === null || stored !== summary.cursor) throw new Error(`scaling-odoo bench: the cursor was left at ${String(stored)}, the read ended at ${String(summary.cursor)}`);
  return { partners, usPerRecord: (seconds * 1e6) / partners, retainedMb: retained / 2 ** 20 };
}

async function atSize(partners: number, gc: () => void): Promise<SizeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-scaling-odoo-'));
  const sim = new SimWorker<OdooSimWorkerAnswer, OdooSimWorkerRequest>(join(__dirname, 'odoo-sim-worker.js'), { partners } satisfies OdooSimWorkerData, { kind: 'close' });
  let store: Store | null = null;
  let client: OdooClient | null = null;
  try {
    const { url } = await sim.next('ready');
    store = await openStore({ kind: 'sqlite', path: join(dir, 'scaling.sqlite') });
    client = new OdooClient({ configName: 'bench', url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
    // Login, fields_get and the worker's JIT (each size has a worker of its own), not measured.
    for (let page = 0; page < WARM_UP_PAGES; page++) {
      await client.searchRead('res.partner', { domain: [['ref', '=like', 'BULK-%']], fields: ['name', 'write_date'], order: 'write_date asc, id asc', limit: PAGE_SIZE, offset: page * PAGE_SIZE });
    }
    return await readAudited(client, store, partners, gc);
  } finally {
    client?.close();
    await store?.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const scalingOdooBench: BenchSuite = {
  name: 'scaling-odoo',
  onlyWhenNamed: true,
  async run(): Promise<BenchLine[]> {
    const gc = collector();
    // The process's first read pays for compiling the reader, the store and the client: not measured.
    await atSize(SIZES[0], gc);
    const results: SizeResult[] = [];
    for (const partners of SIZES) results.push(await atSize(partners, gc));
    const [small, large] = results as [SizeResult, SizeResult];
    const label = (r: SizeResult): string => `odoo read after audited, ${r.partners / 1000}k partners`;
    return [
      ...results.flatMap((r): BenchLine[] => [
        { name: `${label(r)}: cost per record`, value: r.usPerRecord, unit: 'us/rec', higherIsBetter: false },
        { name: `${label(r)}: retained heap after gc`, value: r.retainedMb, unit: 'MB', higherIsBetter: false, note: `largest of ${GC_POINTS} forced collections, above the level before the run` },
      ]),
      { name: 'odoo read after audited: cost per record, large / small', value: large.usPerRecord / small.usPerRecord, unit: 'ratio', target: FLAT_TARGET, higherIsBetter: false },
      {
        name: 'odoo read after audited: retained heap, large / small',
        value: large.retainedMb / small.retainedMb,
        unit: 'ratio',
        higherIsBetter: false,
        // Below a megabyte the figures are one page and the store's statement cache: their ratio is noise.
        ...(Math.min(large.retainedMb, small.retainedMb) >= 1 ? { target: FLAT_TARGET } : {}),
        note: `${small.retainedMb.toFixed(2)} MB and ${large.retainedMb.toFixed(2)} MB; no target below 1 MB, where one page is the difference`,
      },
    ];
  },
};
