// Scaling study, store part: dedup + audit through the real nodes on stores that already hold 0 and
// 1,000,000 records, on SQLite and on PostgreSQL. Each size prints the cost per record and the heap
// the flow retains after a forced collection; a ratio line per backend says whether the cost stays
// flat (large / small within 20%). Sizes take turns round by round, so a busy spell lands on both;
// each size reports its median round, after a warm-up run. Every round is checked: all its records posted in the store.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DatabaseSync } from 'node:sqlite';
import helper from 'node-red-node-test-helper';
import { Client } from 'pg';
import { openStore, type StoreConfig } from '../lib/store';
import { pgTables } from '../lib/store/pg-names';
import { RECORDS, postgresReachable, runThrough } from './dedup-audit.bench';
import { dropPostgresSchema, fillPostgres, fillSqlite } from './store-fill';
import type { BenchLine, BenchSuite } from './types';

const PG_URL = process.env['MLC_TEST_PG_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
const SIZES = [0, 1_000_000] as const;
const ROUNDS = 3;
const FLAT_RATIO = 1.2;

/** A full collection on demand: --expose-gc when node was started with it, else switched on here. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

interface Size {
  records: number;
  /** The node config of the mlc-store node, and how to count a round's posted records. */
  storeNode: Record<string, unknown>;
  postedWithPrefix: (prefix: string) => Promise<number>;
  microsPerRecord: number[];
  retainedMb: number[];
}

interface Backend {
  label: string;
  sizes: Size[];
  cleanup: () => Promise<void>;
}

async function sqliteBackend(dir: string): Promise<Backend> {
  const sizes: Size[] = [];
  for (const records of SIZES) {
    const path = join(dir, `scaling-${records}.sqlite`);
    await migrate({ kind: 'sqlite', path });
    fillSqlite(path, records);
    sizes.push({
      records,
      storeNode: { backend: 'sqlite', path },
      postedWithPrefix: async (prefix) => {
        const db = new DatabaseSync(path);
        try {
          return Number(db.prepare(`SELECT count(*) AS n FROM mlc_records WHERE status = 'posted' AND run_id = ?`).get(prefix)?.['n'] ?? 0);
        } finally {
          db.close();
        }
      },
      microsPerRecord: [],
      retainedMb: [],
    });
  }
  return { label: 'SQLite', sizes, cleanup: async () => undefined };
}

async function postgresBackend(): Promise<Backend> {
  const sizes: Size[] = [];
  const schemas: string[] = [];
  const cleanup = async (): Promise<void> => {
    for (const schema of schemas) await dropPostgresSchema(PG_URL, schema);
  };
  try {
    for (const records of SIZES) {
      const schema = `mlc_bench_scaling_${process.pid}_${randomBytes(3).toString('hex')}`;
      schemas.push(schema);
      await migrate({ kind: 'postgres', connectionString: PG_URL, schema });
      await fillPostgres(PG_URL, schema, records);
      sizes.push({
        records,
        storeNode: { backend: 'postgres', connectionString: PG_URL, schema },
        postedWithPrefix: async (prefix) => {
          const client = new Client({ connectionString: PG_URL });
          await client.connect();
          try {
            const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${pgTables(schema).records} WHERE status = 'posted' AND run_id = $1`, [prefix]);
            return Number(result.rows[0]?.n ?? 0);
          } finally {
            await client.end();
          }
        },
        microsPerRecord: [],
        retainedMb: [],
      });
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
  return { label: 'PostgreSQL', sizes, cleanup };
}

async function migrate(config: StoreConfig): Promise<void> {
  await (await openStore(config)).close();
}

async function round(size: Size, n: number | 'warm-up', gc: () => void): Promise<void> {
  const prefix = `scaling-${n}`;
  gc();
  const idle = process.memoryUsage().heapUsed;
  let retained = NaN;
  const figures = await runThrough(size.storeNode, 'off', {
    keyPrefix: prefix,
    afterRun: () => {
      gc();
      retained = (process.memoryUsage().heapUsed - idle) / 2 ** 20;
    },
  });
  const posted = await size.postedWithPrefix(prefix);
  if (posted !== RECORDS) throw new Error(`scaling-store bench: ${posted} of ${RECORDS} records posted on the store of ${size.records} records`);
  if (n === 'warm-up') return;
  size.microsPerRecord.push(1e6 / figures.perSecond);
  size.retainedMb.push(retained);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function linesOf(backend: Backend): BenchLine[] {
  const lines: BenchLine[] = [];
  for (const size of backend.sizes) {
    const name = `dedup+audit ${backend.label}, store of ${size.records.toLocaleString('en-US')}`;
    lines.push({ name, value: median(size.microsPerRecord), unit: 'us/rec', higherIsBetter: false, note: `rounds ${size.microsPerRecord.map((m) => m.toFixed(0)).join('/')} us` });
    lines.push({ name: '  retained heap after gc, flow loaded', value: median(size.retainedMb), unit: 'MB', higherIsBetter: false, note: `rounds ${size.retainedMb.map((m) => m.toFixed(1)).join('/')} MB` });
  }
  const [small, large] = backend.sizes;
  if (small && large) {
    lines.push({ name: `  ${backend.label} large / small, cost per record`, value: median(large.microsPerRecord) / median(small.microsPerRecord), unit: 'ratio', target: FLAT_RATIO, higherIsBetter: false });
  }
  return lines;
}

async function measure(backend: Backend, gc: () => void): Promise<BenchLine[]> {
  try {
    // The first run of a flow pays for compiling the code it runs; it would count against one size only.
    const [first] = backend.sizes;
    if (first) await round(first, 'warm-up', gc);
    for (let n = 0; n < ROUNDS; n++) for (const size of backend.sizes) await round(size, n, gc);
    return linesOf(backend);
  } finally {
    await backend.cleanup();
  }
}

export const scalingStoreBench: BenchSuite = {
  name: 'scaling-store',
  onlyWhenNamed: true,
  async run(): Promise<BenchLine[]> {
    const gc = collector();
    helper.init(require.resolve('node-red'));
    await helper.startServer();
    const dir = mkdtempSync(join(tmpdir(), 'mlc-scaling-'));
    try {
      const lines = await measure(await sqliteBackend(dir), gc);
      if (await postgresReachable()) lines.push(...(await measure(await postgresBackend(), gc)));
      else lines.push({ name: 'dedup+audit PostgreSQL', value: 0, unit: 'us/rec', note: `skipped: no server at ${new URL(PG_URL).host}` });
      return lines;
    } finally {
      await helper.stopServer();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
