// The fault matrix for mlc-warehouse-write (issue 14: "a crash mid-batch leaves no partial batch and no
// duplicate row"). The target is SQL, not an HTTP sandbox, so the kit's HTTP faults do not apply: the
// faults here are made in the database (a table lock the writer waits on, its backend terminated, a
// CHECK constraint) and in the store (a SQLite write lock that holds audit after the commit). The rest
// is the kit's: its flow (inject → records → map → dedup → write → audit, replay into the map), Node-RED
// as a real process killed with SIGKILL and restarted on the same user directory, tallies over HTTP.
// Each cell gets a Node-RED, a user directory and a warehouse of its own (a PostgreSQL schema, or a
// PGlite data directory inside the user directory, so it survives the kill).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import type { FlowNode } from '../support/e2e';
import { freePort, startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { dropSchema, TEST_PG_URL, uniqueSchemaName } from '../support/postgres';
import { buildFlow, keyPrefixOf, mapNode, pressRun, replayFailed, runThrough, sleep, storeProblems, type FlowIds, type SourceRecord, type StoreChoice } from './kit';

export type WarehouseTarget = 'postgres' | 'embedded';
export type WarehouseFault = 'kill-mid-batch' | 'kill-after-commit' | 'cut-mid-batch' | 'refused-batch';
export interface WarehouseCell {
  target: WarehouseTarget;
  fault: WarehouseFault;
  /** The mlc-store's backend: SQLite in the user directory (default) or a PostgreSQL schema of the cell's own. */
  store?: 'sqlite' | 'postgres';
}

const BATCHES = 3;
const BATCH_SIZE = 50;
const TABLE = 'journal_lines';
const WAREHOUSE = 'fm-wh';
/** The debit the refusal cell's CHECK constraint refuses; one line of the batch carries it. */
const REFUSED_DEBIT = 5_000_000;

const COLUMNS = [
  { name: 'id', type: 'integer', source: '', primaryKey: true },
  { name: 'move', type: 'text', source: '' },
  { name: 'account', type: 'text', source: '' },
  { name: 'debit', type: 'numeric', source: '' },
  { name: 'credit', type: 'numeric', source: '' },
  { name: 'date', type: 'date', source: '' },
];

/** Journal lines in batches: batch b holds ids b*50+1 .. b*50+50; keys unique per cell. */
function journalBatches(tag: string, refuseIn?: number): SourceRecord[][] {
  return Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: BATCH_SIZE }, (_, i) => {
      const id = b * BATCH_SIZE + i + 1;
      const debit = b === refuseIn && i === 7 ? REFUSED_DEBIT : 10 + i + 0.25;
      return { key: `wh:${tag}:line:${id}`, record: { id, move: `MISC/2026/${b + 1}`, account: i % 2 ? '600000' : '401100', debit, credit: 0, date: '2026-04-01' } };
    }),
  );
}

const idsOf = (records: readonly SourceRecord[]): number[] => records.map((r) => Number(r.record['id']));

/** The warehouse as the test sees it: the server, or the embedded one through its served socket. */
interface Cell {
  target: WarehouseTarget;
  userDir: string;
  schema: string;
  /** PGlite's files, inside the user directory. */
  dataDir: string;
  servePort: number;
  flows: FlowNode[];
  credentials: Record<string, Record<string, string>>;
  instances: Array<{ userDir: string; nr: RunningNodeRed }>;
  store: Store;
  storeChoice: CellStore;
}

/** The kit's store choice, with the SQLite file's path (in the user directory) for the test's own look at it. */
type CellStore = { kind: 'sqlite'; path: string } | Extract<StoreChoice, { kind: 'postgres' }>;

const qualified = (c: Cell): string => `"${c.schema}"."${TABLE}"`;

function nodes(c: Omit<Cell, 'flows'>, ids: FlowIds): FlowNode[] {
  const url = new URL(TEST_PG_URL);
  const config =
    c.target === 'postgres'
      ? { dialect: 'postgres', host: url.hostname, port: Number(url.port || 5432), database: url.pathname.slice(1), user: decodeURIComponent(url.username), schema: c.schema }
      : { dialect: 'embedded', dataDir: c.dataDir, schema: c.schema, servePort: String(c.servePort) };
  return [
    { id: WAREHOUSE, type: 'mlc-warehouse-config', name: 'fault matrix warehouse', ...config },
    mapNode(ids, 'journal line → row', [
      { op: 'copy', target: 'id', from: 'id', type: 'integer' },
      { op: 'copy', target: 'move', from: 'move', type: 'string' },
      { op: 'copy', target: 'account', from: 'account', type: 'string' },
      { op: 'number', target: 'debit', from: 'debit', round: 2, default: 0, type: 'number' },
      { op: 'number', target: 'credit', from: 'credit', round: 2, default: 0, type: 'number' },
      { op: 'copy', target: 'date', from: 'date', type: 'string' },
    ]),
    { id: ids.write, type: 'mlc-warehouse-write', name: 'journal lines', warehouse: WAREHOUSE, table: TABLE, primaryKey: 'id', columns: COLUMNS, archivedWhen: '', wires: [[ids.audit], [ids.audit]] },
  ];
}

function pgClient(c: Cell): Client {
  const client = c.target === 'postgres' ? new Client({ connectionString: TEST_PG_URL }) : new Client({ host: '127.0.0.1', port: c.servePort, user: 'postgres', database: 'postgres' });
  // A killed Node-RED takes the served socket with it; that must not crash the test process.
  client.on('error', () => undefined);
  return client;
}

async function withClient<T>(c: Cell, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = pgClient(c);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Which of these ids have a row, and how many rows each (the primary key should make it one). */
async function rowsPerId(query: (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>, c: Cell, ids: number[]): Promise<Map<number, number>> {
  const rows = await query(`SELECT id, count(*)::int AS n FROM ${qualified(c)} WHERE id = ANY($1::int[]) GROUP BY id`, [ids]);
  return new Map(rows.map((r) => [Number(r['id']), Number(r['n'])]));
}

const viaClient = (client: Client) => async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows as Array<Record<string, unknown>>;

/**
 * The table right after a kill, read without Node-RED: on the server directly; the embedded one by
 * opening its data directory in this process, which is also PGlite's recovery after the kill.
 */
async function rowsAfterKill(c: Cell, ids: number[]): Promise<Map<number, number>> {
  if (c.target === 'postgres') return withClient(c, (client) => rowsPerId(viaClient(client), c, ids));
  const db = await PGlite.create(c.dataDir);
  try {
    return await rowsPerId(async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows, c, ids);
  } finally {
    await db.close();
  }
}

/** A whole batch or none of it: a problem line otherwise. */
function wholeOrNone(what: string, rows: Map<number, number>, ids: number[]): string[] {
  const present = ids.filter((id) => rows.has(id)).length;
  return present === 0 || present === ids.length ? [] : [`${what}: ${present} of the batch's ${ids.length} rows in the table (a partial batch)`];
}

/** The batch written before the kill still there (on the embedded target: after PGlite's recovery). */
function survived(rows: Map<number, number>, written: number[]): string[] {
  const lost = written.filter((id) => !rows.has(id)).length;
  return lost > 0 ? [`after the kill ${lost} of the ${written.length} rows written before it are gone`] : [];
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

/** Every record of the batch claimed by dedup: the batch is at the writer (or on its way to it). */
async function allClaimed(c: Cell, records: readonly SourceRecord[]): Promise<boolean> {
  for (const { key } of records) if ((await c.store.get(key))?.status !== 'claimed') return false;
  return true;
}

/** The writer's backends waiting on the test's table lock (PostgreSQL target). */
async function lockWaiters(client: Client, c: Cell): Promise<number[]> {
  // The client holds the lock in an open transaction, where pg_stat_activity is one snapshot until cleared.
  await client.query('SELECT pg_stat_clear_snapshot()');
  const rows = await client.query(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid() AND query LIKE $1`, [`%${c.schema}%`]);
  return rows.rows.map((r: { pid: number }) => r.pid);
}

async function holdTable(c: Cell): Promise<Client> {
  const client = pgClient(c);
  await client.connect();
  await client.query('BEGIN');
  // Conflicts with the ROW EXCLUSIVE the writer's INSERT needs, not with reads: the batch waits inside its transaction.
  await client.query(`LOCK TABLE ${qualified(c)} IN SHARE ROW EXCLUSIVE MODE`);
  return client;
}

async function release(client: Client): Promise<void> {
  await client.query('ROLLBACK').catch(() => undefined);
  await client.end().catch(() => undefined);
}

/**
 * A write lock on the store: audit (the next store write after the claims) waits for it. On SQLite
 * the write lock on the file; on PostgreSQL a table lock on the records that lets reads through.
 */
async function holdStore(c: Cell): Promise<() => Promise<void>> {
  if (c.storeChoice.kind === 'sqlite') {
    const db = new DatabaseSync(c.storeChoice.path);
    db.exec('PRAGMA busy_timeout = 10000');
    db.exec('BEGIN IMMEDIATE');
    return async () => {
      db.exec('ROLLBACK');
      db.close();
    };
  }
  const client = new Client({ connectionString: c.storeChoice.connectionString });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE "${c.storeChoice.schema}".mlc_records IN SHARE ROW EXCLUSIVE MODE`);
  return () => release(client);
}

async function notPostedYet(c: Cell, records: readonly SourceRecord[]): Promise<string[]> {
  const posted: string[] = [];
  for (const { key } of records) if ((await c.store.get(key))?.status === 'posted') posted.push(key);
  return posted.length > 0 ? [`audit wrote ${posted.length} of the batch as posted before the kill: the cell did not kill between commit and audit`] : [];
}

async function kill(c: Cell): Promise<void> {
  const instance = c.instances[0]!;
  await instance.nr.kill();
}

async function restart(c: Cell): Promise<void> {
  const instance = c.instances[0]!;
  instance.nr = await startNodeRed('node-red', c.flows, { credentials: c.credentials, userDir: instance.userDir });
}

/** Runs the cell's fault on batch 2 (batch 1 already written); problems seen at the fault, one per line. */
async function injectFault(c: Cell, fault: WarehouseFault, batch: SourceRecord[], written: number[], runId: string): Promise<string[]> {
  const ids = idsOf(batch);
  const problems: string[] = [];
  switch (fault) {
    case 'kill-mid-batch': {
      if (c.target === 'postgres') {
        const lock = await holdTable(c);
        try {
          await pressRun(c, batch, runId, 'b2');
          await waitFor('the writer waiting on the table lock', async () => (await allClaimed(c, batch)) && (await lockWaiters(lock, c)).length > 0);
          await kill(c);
          const rows = await rowsPerId(viaClient(lock), c, [...written, ...ids]);
          problems.push(...wholeOrNone('right after the kill', rows, ids), ...survived(rows, written));
        } finally {
          await release(lock);
        }
      } else {
        // The served session's open transaction holds the warehouse's mutex: the batch cannot start, and
        // PGlite has an uncommitted row of the test's own when the process dies.
        const held = pgClient(c);
        await held.connect();
        await held.query('BEGIN');
        await held.query(`INSERT INTO ${qualified(c)} (id, move, account, debit, credit, date) VALUES (99999, 'uncommitted', 'x', 1, 0, '2026-04-01')`);
        await pressRun(c, batch, runId, 'b2');
        await waitFor('the batch claimed and at the writer', () => allClaimed(c, batch));
        await kill(c);
        await held.end().catch(() => undefined);
        const rows = await rowsAfterKill(c, [...written, ...ids, 99999]);
        if (rows.has(99999)) problems.push('the uncommitted row of the open transaction survived the kill');
        problems.push(...wholeOrNone('right after the kill', rows, ids), ...survived(rows, written));
      }
      await restart(c);
      return problems;
    }
    case 'kill-after-commit': {
      // Both targets: the batch is held before its INSERT, the store is locked, then the batch goes on and
      // commits while audit waits for the store; SIGKILL once the rows are seen committed.
      const hold = c.target === 'postgres' ? await holdTable(c) : pgClient(c);
      if (c.target === 'embedded') {
        await hold.connect();
        await hold.query('BEGIN');
      }
      let releaseStore: (() => Promise<void>) | null = null;
      try {
        await pressRun(c, batch, runId, 'b2');
        await waitFor('the batch claimed and waiting at the writer', async () => (await allClaimed(c, batch)) && (c.target === 'embedded' || (await lockWaiters(hold, c)).length > 0));
        releaseStore = await holdStore(c);
        if (c.target === 'postgres') {
          await release(hold);
          await withClient(c, (client) => waitFor('the batch committed', async () => (await rowsPerId(viaClient(client), c, ids)).size === ids.length));
        } else {
          await hold.query('COMMIT');
          // While audit waits on a SQLite store, Node-RED's event loop is blocked (node:sqlite waits
          // synchronously): this query then answers when audit gives up, the batch committed all the same.
          await waitFor('the batch committed', async () => (await rowsPerId(viaClient(hold), c, ids)).size === ids.length);
          await hold.end().catch(() => undefined);
        }
        problems.push(...(await notPostedYet(c, batch)));
        await kill(c);
      } finally {
        await releaseStore?.();
        if (c.target === 'postgres') await release(hold);
      }
      const rows = await rowsAfterKill(c, [...written, ...ids]);
      problems.push(...survived(rows, written));
      const kept = ids.filter((id) => rows.has(id)).length;
      if (kept !== ids.length) problems.push(`after the kill ${kept} of the committed batch's ${ids.length} rows are in the table`);
      await restart(c);
      return problems;
    }
    case 'cut-mid-batch': {
      const lock = await holdTable(c);
      try {
        await pressRun(c, batch, runId, 'b2');
        await waitFor('the writer waiting on the table lock', async () => (await allClaimed(c, batch)) && (await lockWaiters(lock, c)).length > 0);
        for (const pid of await lockWaiters(lock, c)) await lock.query('SELECT pg_terminate_backend($1)', [pid]);
        await waitFor('the cut batch out of audit', async () => !(await allClaimed(c, batch)));
        problems.push(...wholeOrNone('after the cut', await rowsPerId(viaClient(lock), c, ids), ids));
      } finally {
        await release(lock);
      }
      problems.push(...(await failedAs(c, batch, 'MLC_WAREHOUSE_UNAVAILABLE')));
      return problems;
    }
    case 'refused-batch': {
      await withClient(c, (client) => client.query(`ALTER TABLE ${qualified(c)} ADD CONSTRAINT fm_refuse CHECK (debit < ${REFUSED_DEBIT}) NOT VALID`));
      if (!(await runThrough(c, batch, runId, 'b2'))) problems.push('the refused batch did not come out of audit in 30 s');
      await withClient(c, async (client) => {
        problems.push(...wholeOrNone('after the refusal', await rowsPerId(viaClient(client), c, ids), ids));
        await client.query(`ALTER TABLE ${qualified(c)} DROP CONSTRAINT fm_refuse`);
      });
      problems.push(...(await failedAs(c, batch, 'MLC_WAREHOUSE_REFUSED')));
      return problems;
    }
  }
}

/** Every record of the batch failed in the store with this code (the whole batch, not one record). */
async function failedAs(c: Cell, records: readonly SourceRecord[], code: string): Promise<string[]> {
  const wrong: string[] = [];
  for (const { key } of records) {
    const row = await c.store.get(key);
    if (row?.status !== 'failed' || row.error?.code !== code) wrong.push(`${key.split(':').pop()}=${row?.status ?? 'missing'}/${row?.error?.code ?? '-'}`);
  }
  return wrong.length > 0 ? [`expected every record of the batch failed ${code}: ${wrong.slice(0, 5).join(', ')}${wrong.length > 5 ? ` (+${wrong.length - 5})` : ''}`] : [];
}

async function runCell({ target, fault, store = 'sqlite' }: WarehouseCell, cleanup: Array<() => Promise<void>>): Promise<string[]> {
  const userDir = mkdtempSync(join(tmpdir(), `mlc-fm-wh-${target}-`));
  const schema = target === 'postgres' ? uniqueSchemaName('mlc_fmwh') : 'fm';
  const storeChoice: CellStore = store === 'postgres' ? { kind: 'postgres', connectionString: TEST_PG_URL, schema: uniqueSchemaName('mlc_fmwhstore') } : { kind: 'sqlite', path: join(userDir, 'mlc-store.sqlite') };
  const base = { target, userDir, schema, storeChoice, dataDir: join(userDir, 'warehouse-data'), servePort: target === 'embedded' ? await freePort() : 0, credentials: { [WAREHOUSE]: { password: '' } }, instances: [] };
  const c = { ...base, flows: [] as FlowNode[], store: undefined as unknown as Store } as Cell;
  c.flows = buildFlow({ id: `warehouse-${target}`, nodes: (_ctx: null, ids: FlowIds) => nodes(c, ids) }, null, storeChoice.kind === 'postgres' ? storeChoice : { kind: 'sqlite' });
  cleanup.push(async () => {
    await c.store?.close();
    for (const instance of c.instances) await instance.nr.stop();
    rmSync(userDir, { recursive: true, force: true });
    if (target === 'postgres') await dropSchema(schema).catch(() => undefined);
    if (storeChoice.kind === 'postgres') await dropSchema(storeChoice.schema).catch(() => undefined);
  });
  c.instances.push({ userDir, nr: await startNodeRed('node-red', c.flows, { credentials: c.credentials, userDir }) });
  // Node-RED's store node has made (migrated) the store by the time its flows run.
  c.store = await openStore(storeChoice);

  const tag = `${target}-${fault}-${store}`;
  const batches = journalBatches(tag, fault === 'refused-batch' ? 1 : undefined);
  const [first, second] = batches as [SourceRecord[], SourceRecord[]];
  const all = batches.flat();
  const runId = `fm-wh-${tag}`;
  const problems: string[] = [];
  // Batch 1 makes the table and is written whole before the fault hits batch 2; batch 3 comes with the rerun.
  if (!(await runThrough(c, first, runId, 'b1'))) return ['batch 1 did not come through in 30 s'];
  problems.push(...(await injectFault(c, fault, second, idsOf(first), runId)));

  if (!(await runThrough(c, all, runId, 'rerun'))) problems.push('rerun not through in 30 s');
  const replay = await replayFailed(c, keyPrefixOf(all));
  if (!replay.through) problems.push('replay not through in 30 s');
  const counts = await withClient(c, (client) => rowsPerId(viaClient(client), c, idsOf(all)));
  const wrong = idsOf(all).filter((id) => counts.get(id) !== 1);
  if (wrong.length > 0) problems.push(`rows per id not 1 for ${wrong.length} ids: ${wrong.slice(0, 8).map((id) => `${id}=${counts.get(id) ?? 0}`).join(', ')}`);
  problems.push(...(await storeProblems(c.store, all)));
  return problems;
}

/** One test per (target, fault); the PostgreSQL cells are skipped (or fail under CI) without a server. */
export function warehouseFaultMatrix(cells: readonly WarehouseCell[], postgresAvailable: boolean): void {
  describe('fault matrix: mlc-warehouse-write (journal lines, 3 batches of 50)', { timeout: 170_000 }, () => {
    const cleanup: Array<() => Promise<void>> = [];
    after(async () => {
      for (const step of cleanup) await step();
    });
    for (const cell of cells) {
      const { target, fault, store = 'sqlite' } = cell;
      const skip = (target === 'postgres' || store === 'postgres') && !postgresAvailable && process.env['CI'] !== 'true' ? 'PostgreSQL not reachable' : undefined;
      it(`warehouse/${target}${store === 'postgres' ? ' (PostgreSQL store)' : ''}: ${fault}`, skip ? { skip } : {}, async () => {
        const problems = await runCell(cell, cleanup);
        assert.deepEqual(problems, []);
      });
    }
  });
}
