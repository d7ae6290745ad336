// PostgreSQL claims of keys already posted (a re-read of records the pack wrote before), on an empty
// store and on one already holding a million records, in the same run: the cost per key should not
// grow with the store. The two stores take turns, round by round, so a busy spell on the machine
// lands on both; each side reports its median round after a warm-up round.
import { randomBytes } from 'node:crypto';
import { openStore, type Store } from '../lib/store';
import { countPostgresRecords, dropPostgresSchema, fillPostgres } from './store-fill';
import type { BenchLine, BenchSuite } from './types';

const PG_URL = process.env['MLC_TEST_PG_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
const LARGE = 1_000_000;
const KEYS = 5_000;
const BATCH = 500;
const ROUNDS = 5;
/** Issue 15: flat in the store's size, within 20%. */
const FLAT_RATIO = 1.2;

interface Side {
  label: string;
  schema: string;
  store: Store;
  microsPerKey: number[];
}

const keyOf = (i: number): string => `posted:${i}`;

async function prepare(label: string, fill: number): Promise<Side> {
  const schema = `mlc_bench_claims_${process.pid}_${randomBytes(3).toString('hex')}`;
  const store = await openStore({ kind: 'postgres', connectionString: PG_URL, schema });
  try {
    await fillPostgres(PG_URL, schema, fill);
    for (let from = 0; from < KEYS; from += BATCH) {
      const indexes = Array.from({ length: Math.min(BATCH, KEYS - from) }, (_, j) => from + j);
      await store.markPostedMany(
        indexes.map((i) => ({
          key: keyOf(i),
          runId: 'posted-run',
          mlc: { key: keyOf(i), runId: 'posted-run', source: { system: 'ukg', entity: 'gl', id: String(i) } },
          payload: { account: '6100', amount: (i % 997) * 1.25 },
          target: { system: 'odoo', entity: 'account.move', id: String(500_000 + i) },
        })),
      );
    }
    const rows = await countPostgresRecords(PG_URL, schema);
    if (rows !== fill + KEYS) throw new Error(`posted-claims bench: the ${label} store holds ${rows} records, expected ${fill + KEYS}`);
  } catch (err) {
    await store.close();
    await dropPostgresSchema(PG_URL, schema);
    throw err;
  }
  return { label, schema, store, microsPerKey: [] };
}

/** One round: every posted key claimed again, in batches as dedup sends them; each must come back a duplicate. */
async function round(side: Side): Promise<void> {
  let duplicates = 0;
  const started = process.hrtime.bigint();
  for (let from = 0; from < KEYS; from += BATCH) {
    const requests = Array.from({ length: Math.min(BATCH, KEYS - from) }, (_, j) => ({ key: keyOf(from + j), owner: 'bench-claims' }));
    for (const result of await side.store.claimMany(requests)) if (result.outcome === 'duplicate') duplicates++;
  }
  const micros = Number(process.hrtime.bigint() - started) / 1e3 / KEYS;
  if (duplicates !== KEYS) throw new Error(`posted-claims bench: ${duplicates} of ${KEYS} posted keys came back as duplicates on the ${side.label} store`);
  side.microsPerKey.push(micros);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function measure(): Promise<BenchLine[]> {
  const sides: Side[] = [];
  try {
    sides.push(await prepare('empty', 0));
    sides.push(await prepare(`${LARGE.toLocaleString('en-US')}-record`, LARGE));
    // A warm-up round each: the first claims pay for compiling the code and for the server's plan cache.
    for (const side of sides) await round(side);
    for (const side of sides) side.microsPerKey.length = 0;
    for (let r = 0; r < ROUNDS; r++) for (const side of sides) await round(side);
    const [empty, large] = sides.map((s) => median(s.microsPerKey)) as [number, number];
    const spread = (s: Side): string => `rounds ${s.microsPerKey.map((m) => m.toFixed(0)).join('/')} us`;
    return [
      { name: `PostgreSQL claims of ${KEYS} posted keys, empty store`, value: empty, unit: 'us/key', higherIsBetter: false, note: spread(sides[0] as Side) },
      { name: `  same, store of ${LARGE.toLocaleString('en-US')} records`, value: large, unit: 'us/key', higherIsBetter: false, note: spread(sides[1] as Side) },
      { name: '  large / empty (flat in the store size)', value: large / empty, unit: 'ratio', target: FLAT_RATIO, higherIsBetter: false },
    ];
  } finally {
    for (const side of sides) {
      await side.store.close();
      await dropPostgresSchema(PG_URL, side.schema);
    }
  }
}

export const pgPostedClaimsBench: BenchSuite = {
  name: 'store-posted-claims',
  async run(): Promise<BenchLine[]> {
    try {
      return await measure();
    } catch (err) {
      if ((err as { code?: string }).code !== 'MLC_STORE_UNAVAILABLE') throw err;
      return [{ name: 'PostgreSQL claims of posted keys', value: 0, unit: 'us/key', note: `skipped: PostgreSQL not reachable at ${new URL(PG_URL).host}` }];
    }
  },
};
