// Store throughput on its own (no Node-RED): claim then markPosted, the path every record takes
// through dedup and audit. Batched as the nodes' micro-batcher sends it, and one record at a time
// as a trickle of messages would.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, type StoreConfig } from '../lib/store';
import { dropPostgresSchema } from './store-fill';
import type { BenchLine, BenchSuite } from './types';

const BATCHED_RECORDS = 20_000;
const BATCH_SIZE = 500;
const SINGLE_RECORDS = 2_000;
const SQLITE_BATCHED_TARGET = 5_000;
const PG_URL = process.env['MLC_TEST_PG_URL'] || 'postgres://postgres@127.0.0.1:5432/test';

function record(prefix: string, i: number) {
  const key = `${prefix}:${i}`;
  return {
    key,
    runId: `${prefix}-run`,
    mlc: { key, runId: `${prefix}-run`, source: { system: 'ukg', entity: 'gl', id: String(i) } },
    payload: { account: '6100', costCenter: `CC-${i % 50}`, amount: (i % 997) * 1.25, memo: 'payroll 2026-11-15' },
  };
}

const target = (i: number) => ({ system: 'odoo', entity: 'account.move', id: String(100_000 + i) });

async function batched(store: Store, prefix: string): Promise<number> {
  const started = process.hrtime.bigint();
  for (let from = 0; from < BATCHED_RECORDS; from += BATCH_SIZE) {
    const indexes = Array.from({ length: Math.min(BATCH_SIZE, BATCHED_RECORDS - from) }, (_, j) => from + j);
    const results = await store.claimMany(indexes.map((i) => ({ ...record(prefix, i), owner: 'bench' })));
    if (results.some((r) => r.outcome !== 'claimed')) throw new Error('store bench: a fresh key was not claimed');
    await store.markPostedMany(indexes.map((i) => ({ key: record(prefix, i).key, target: target(i) })));
  }
  return BATCHED_RECORDS / seconds(started);
}

async function single(store: Store, prefix: string): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < SINGLE_RECORDS; i++) {
    const result = await store.claim({ ...record(prefix, i), owner: 'bench' });
    if (result.outcome !== 'claimed') throw new Error('store bench: a fresh key was not claimed');
    await store.markPosted({ key: record(prefix, i).key, target: target(i) });
  }
  return SINGLE_RECORDS / seconds(started);
}

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function measure(config: StoreConfig, label: string, batchedTarget?: number): Promise<BenchLine[]> {
  const store = await openStore(config);
  try {
    const batchedRate = await batched(store, 'batched');
    const singleRate = await single(store, 'single');
    return [
      {
        name: `store ${label}: claimMany+markPostedMany, ${BATCHED_RECORDS} in batches of ${BATCH_SIZE}`,
        value: batchedRate,
        unit: 'rec/s',
        higherIsBetter: true,
        ...(batchedTarget ? { target: batchedTarget } : {}),
      },
      { name: `store ${label}: claim+markPosted one by one, ${SINGLE_RECORDS}`, value: singleRate, unit: 'rec/s', higherIsBetter: true },
    ];
  } finally {
    await store.close();
  }
}

async function sqliteLines(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-store-bench-'));
  try {
    return await measure({ kind: 'sqlite', path: join(dir, 'bench.sqlite') }, 'SQLite', SQLITE_BATCHED_TARGET);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresLines(): Promise<BenchLine[]> {
  const schema = `mlc_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  try {
    return await measure({ kind: 'postgres', connectionString: PG_URL, schema }, 'PostgreSQL');
  } catch (err) {
    if ((err as { code?: string }).code !== 'MLC_STORE_UNAVAILABLE') throw err;
    const where = new URL(PG_URL).host;
    return [{ name: 'store PostgreSQL', value: 0, unit: 'rec/s', note: `skipped: PostgreSQL not reachable at ${where}` }];
  } finally {
    await dropPostgresSchema(PG_URL, schema);
  }
}

export const storeBench: BenchSuite = {
  name: 'store',
  async run(): Promise<BenchLine[]> {
    return [...(await sqliteLines()), ...(await postgresLines())];
  },
};
