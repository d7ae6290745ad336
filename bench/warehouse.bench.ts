// 200,000 journal lines (the README's journal_lines table, generated the same every run) through
// mlc-warehouse-write in the test helper's runtime, fed as a paging read node feeds a flow: pages of
// 1,000 lines with their keys, at most 10,000 lines in the node at a time (the node writes a page's
// records in its batches, 5,000 a transaction, two in flight, and sends the page on as one message),
// beside a plain COPY of the same rows into a fresh table with the same columns and key, in the same
// run (on the PostgreSQL server three such pairs, in turn COPY first and node first: the pair with
// the median ratio is reported). Then the same rows again with every tenth changed: the node must report 20,000 updated and
// 180,000 unchanged. Then, as information, a first load of one message per line, and a first load of
// its own for memory (full collections forced every 100 ms: the heap after them is what the load
// keeps; the timed loads end before V8 collects on its own). The baselines make their rows as they
// encode them, as the node's feed does. Both on the PostgreSQL server (127.0.0.1:5432, db test, fresh
// schemas dropped after) and on the embedded PGlite (fresh data directories in a temp folder). Each
// side's table is checked afterwards: row count and SUM(debit) must equal the generated data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import helper from 'node-red-node-test-helper';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyText, parseTableSpec, WarehouseHandle, type Warehouse } from '../lib/warehouse';
import { createLoadTableSql, createTableSql, LOAD_TABLE, loadColumns, upsertSql } from '../lib/warehouse/sql';
import warehouseConfigNode = require('../nodes/warehouse/warehouse-config');
import warehouseWriteNode = require('../nodes/warehouse/warehouse-write');
import { MemoryPeak, settle } from './memory-peak';
import { medianBy } from './median';
import type { BenchLine, BenchSuite } from './types';
import { secondsSince, writeThroughFlow, type WriteFlow } from './write-flow';

const LINES = 200_000;
const TARGET_RATIO = 0.7;
/** Pairs of plain COPY and node load on the PostgreSQL server (see postgresRun). */
const POSTGRES_PAIRS = 3;
const TARGET_MB = 200;
/**
 * Messages in the node at once, as a read node feeds a flow: pages, the next as the last comes through
 * (two of the node's 5,000-row batches, so one loads while the next fills). A flow that sent all
 * 200,000 at once would hold every message in Node-RED until its batch is written.
 */
const FEED_WINDOW = 10_000;
/**
 * Records a message: a warehouse load is fed pages (mlc-odoo-read's "one message per page", up to
 * 5,000 a page), and the node writes a page's records in its batches and sends the page on as one
 * message. One message per record is measured beside it, as information.
 */
const PAGE = 1000;
/** The memory run (untimed) collects this often to see what the load keeps: the timed load is over before V8 collects on its own. */
const MEMORY_GC_EVERY_MS = 100;
const PG_URL = process.env['MLC_TEST_PG_URL'] || 'postgres://postgres@127.0.0.1:5432/test';
/** Lines written to the COPY stream at a time. */
const COPY_CHUNK = 5000;

/** journal_lines as the README documents it, in the node's mapping form (source = the column's name). */
const COLUMNS: Array<{ name: string; type: string; primaryKey?: boolean; distribution?: boolean }> = [
  { name: 'id', type: 'integer', primaryKey: true },
  { name: 'write_date', type: 'timestamptz' },
  { name: 'move_id', type: 'integer' },
  { name: 'move_name', type: 'text' },
  { name: 'date', type: 'date' },
  { name: 'parent_state', type: 'text' },
  { name: 'journal_id', type: 'integer' },
  { name: 'journal_name', type: 'text' },
  { name: 'account_id', type: 'integer' },
  { name: 'account_code', type: 'text' },
  { name: 'partner_id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'debit', type: 'numeric' },
  { name: 'credit', type: 'numeric' },
  { name: 'balance', type: 'numeric' },
  { name: 'analytic_distribution', type: 'jsonb', distribution: true },
];
const JOURNALS = ['Miscellaneous Operations', 'Vendor Bills', 'Payroll'];
const ACCOUNTS = ['6100', '6200', '6300', '2000', '1010', '5000', '6400'];
const DISTRIBUTIONS = [{ '3,12': 100 }, { '4': 50, '7': 50 }, { '5': 100 }];

type Line = Record<string, unknown>;

/** Line i in its first version, or (changed) with every tenth line revised: name, amount and write_date. */
function journalLine(i: number, changed: boolean): { line: Line; debitCents: number } {
  const revised = changed && i % 10 === 0;
  const cents = ((i * 7919) % 250_000) + 1 + (revised ? 100 : 0);
  const debitCents = i % 2 === 0 ? cents : 0;
  const creditCents = i % 2 === 0 ? 0 : cents;
  const month = (i % 12) + 1;
  const day = (i % 28) + 1;
  const line: Line = {
    id: i + 1,
    write_date: revised ? '2026-04-02 09:15:00' : '2026-04-01 08:30:00',
    move_id: Math.floor(i / 4) + 1,
    move_name: `MISC/2026/${String(Math.floor(i / 4) + 1).padStart(6, '0')}`,
    date: `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    parent_state: 'posted',
    journal_id: (i % JOURNALS.length) + 1,
    journal_name: JOURNALS[i % JOURNALS.length],
    account_id: (i % ACCOUNTS.length) + 10,
    account_code: ACCOUNTS[i % ACCOUNTS.length],
    // Odoo's empty many2one and empty distribution come as false: NULL in the table.
    partner_id: i % 7 === 0 ? false : 1000 + (i % 500),
    name: `Line ${i + 1} of MISC/2026/${Math.floor(i / 4) + 1}${revised ? ' (revised)' : ''}`,
    debit: debitCents / 100,
    credit: creditCents / 100,
    balance: (debitCents - creditCents) / 100,
    analytic_distribution: i % 5 === 0 ? false : DISTRIBUTIONS[i % DISTRIBUTIONS.length],
  };
  return { line, debitCents };
}

interface Generated {
  lines: Line[];
  debitCents: number;
}

function generate(changed: boolean): Generated {
  const lines: Line[] = [];
  let debitCents = 0;
  for (let i = 0; i < LINES; i++) {
    const made = journalLine(i, changed);
    lines.push(made.line);
    debitCents += made.debitCents;
  }
  return { lines, debitCents };
}

/** The baseline's own encoding of a line as a COPY text row, as any loader of these rows would do. */
function copyRow(line: Line): string {
  return COLUMNS.map(({ name, type }) => {
    const v = line[name];
    if (v === false || v === null || v === undefined) return '\\N';
    return copyText(type === 'jsonb' ? JSON.stringify(v) : String(v));
  }).join('\t');
}

/**
 * COPY text of lines [from, from + count), each line made as it is encoded: the node's side makes its
 * records as the feed sends them, so the baseline makes them inside its timed window too (a loader
 * reading from a source does both).
 */
function baselineText(from: number, count: number): string {
  const rows: string[] = [];
  for (let i = from; i < Math.min(LINES, from + count); i++) rows.push(copyRow(journalLine(i, false).line));
  return rows.join('\n') + '\n';
}

/**
 * The node's own SQL by hand on one connection: per 5,000 rows, a transaction with a temporary table,
 * COPY into it and the one INSERT ... ON CONFLICT. What this costs beyond a plain COPY is the upsert's,
 * not the node's JavaScript.
 */
async function upsertByHand(client: Client, schema: string, lines: readonly Line[]): Promise<number> {
  const spec = parseTableSpec({ schema, table: 'journal_lines', columns: COLUMNS.map((c) => ({ source: '', ...c })) });
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(createTableSql(spec));
  const started = process.hrtime.bigint();
  for (let from = 0; from < lines.length; from += COPY_CHUNK) {
    const text = lines.slice(from, from + COPY_CHUNK).map(copyRow).join('\n') + '\n';
    await client.query('BEGIN');
    await client.query(createLoadTableSql(spec));
    const stream = client.query(copyFrom(`COPY ${LOAD_TABLE} (${loadColumns(spec).join(', ')}) FROM STDIN`));
    await new Promise<void>((resolve, reject) => stream.on('finish', resolve).on('error', reject).end(text));
    await client.query(upsertSql(spec));
    await client.query('COMMIT');
  }
  return secondsSince(started);
}

const baselineDdl = (table: string): string =>
  `CREATE TABLE ${table} (${COLUMNS.map((c) => `${c.name} ${c.type}${c.primaryKey ? ' NOT NULL' : ''}`).join(', ')}, PRIMARY KEY (id))`;
const columnList = COLUMNS.map((c) => c.name).join(', ');

/** Rows and SUM(debit) in cents of a table, as the database sees them. */
async function tableTotals(query: (sql: string) => Promise<Array<Record<string, unknown>>>, table: string): Promise<{ rows: number; debitCents: number }> {
  const [row] = await query(`SELECT count(*)::text AS rows, (sum(debit) * 100)::bigint::text AS cents FROM ${table}`);
  return { rows: Number(row?.['rows']), debitCents: Number(row?.['cents']) };
}

function check(side: string, got: { rows: number; debitCents: number }, wantCents: number): void {
  if (got.rows !== LINES || got.debitCents !== wantCents) {
    throw new Error(`warehouse bench: ${side} holds ${got.rows} rows, SUM(debit) ${got.debitCents / 100}; generated ${LINES} rows, ${wantCents / 100}`);
  }
}

interface NodeRun {
  seconds: number;
  actions: Record<string, number>;
  /** SUM(debit) of the records sent, in cents. */
  debitCents: number;
  memory?: { rssMb: number; heapMb: number; liveMb: number | null; majorCollections: number; retainedMb: number | null };
}

const gcExposed = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

/**
 * The records are made as they are sent (a read node pages them; none is held before or after), so the
 * idle level is the runtime's and the peak is what the load itself takes.
 */
async function throughNode(config: Record<string, unknown>, changed: boolean, measureMemory: boolean, pageSize = PAGE): Promise<NodeRun> {
  let debitCents = 0;
  for (let i = 0; i < LINES; i++) debitCents += journalLine(i, changed).debitCents;
  const flow: WriteFlow = {
    modules: [warehouseConfigNode, warehouseWriteNode],
    config: { type: 'mlc-warehouse-config', ...config },
    write: { type: 'mlc-warehouse-write', warehouse: 'config', table: 'journal_lines', primaryKey: 'id', columns: COLUMNS.map((c) => ({ source: '', ...c })) },
    credentials: {},
  };
  const actions: Record<string, number> = { inserted: 0, updated: 0, unchanged: 0 };
  await settle();
  const idleHeap = process.memoryUsage().heapUsed;
  const peak = measureMemory ? new MemoryPeak({ forceGcEveryMs: MEMORY_GC_EVERY_MS }) : null;
  // A page as mlc-odoo-read sends one (output "one message per page"): the records and their keys by position.
  const page = (n: number): Record<string, unknown> => {
    const records: Line[] = [];
    const keys: string[] = [];
    for (let i = n * pageSize; i < Math.min(LINES, (n + 1) * pageSize); i++) {
      records.push(journalLine(i, changed).line);
      keys.push(`warehouse.journal_lines:${i + 1}`);
    }
    return { payload: records, mlc: { runId: 'bench', page: n + 1, keys } };
  };
  const source = pageSize === 1 ? { count: LINES, at: (i: number) => ({ payload: journalLine(i, changed).line }) } : { count: Math.ceil(LINES / pageSize), at: page };
  const { seconds } = await writeThroughFlow('warehouse', flow, source, {
    observe: (msg) => {
      const out = msg['warehouse'] as { action?: string; actions?: string[] } | undefined;
      for (const action of out?.actions ?? [String(out?.action)]) actions[action] = (actions[action] ?? 0) + 1;
    },
    window: Math.max(1, Math.floor(FEED_WINDOW / pageSize)),
  });
  if (!peak) return { seconds, actions, debitCents };
  const used = peak.stop();
  await settle();
  // Without --expose-gc nothing was collected, and the figure would only repeat the garbage.
  const retainedMb = gcExposed() ? (process.memoryUsage().heapUsed - idleHeap) / 2 ** 20 : null;
  return { seconds, actions, debitCents, memory: { ...used, retainedMb } };
}

function checkActions(side: string, run: NodeRun, want: Record<string, number>): void {
  const got = JSON.stringify(run.actions);
  if (got !== JSON.stringify({ inserted: 0, updated: 0, unchanged: 0, ...want })) throw new Error(`warehouse bench: ${side} reported ${got}; expected ${JSON.stringify(want)}`);
}

const countsNote = (run: NodeRun): string => `${run.actions['inserted']} inserted, ${run.actions['updated']} updated, ${run.actions['unchanged']} unchanged; ${run.seconds.toFixed(2)} s`;

function lines(dialect: string, baselineLabel: string, baseline: number, insert: NodeRun, update: NodeRun, perRecord: NodeRun, memoryRun: NodeRun, ratioNote?: string): BenchLine[] {
  const memory = memoryRun.memory;
  return [
    { name: `warehouse-write → ${dialect}: ${LINES.toLocaleString('en-US')} journal lines`, value: LINES / insert.seconds, unit: 'lines/s', higherIsBetter: true, note: `pages of ${PAGE.toLocaleString('en-US')} lines with their keys, at most ${FEED_WINDOW.toLocaleString('en-US')} lines in the node, 5,000 a batch, 2 in flight; ${countsNote(insert)}` },
    { name: `  ${baselineLabel}, same rows, same run`, value: LINES / baseline, unit: 'lines/s', higherIsBetter: true, note: `${baseline.toFixed(2)} s` },
    { name: `  node / plain COPY (${dialect})`, value: baseline / insert.seconds, unit: 'ratio', target: TARGET_RATIO, higherIsBetter: true, ...(ratioNote ? { note: ratioNote } : {}) },
    { name: `  update pass, 10% changed (${dialect})`, value: LINES / update.seconds, unit: 'lines/s', higherIsBetter: true, note: countsNote(update) },
    { name: `  one message per line instead / plain COPY (${dialect})`, value: baseline / perRecord.seconds, unit: 'ratio', higherIsBetter: true, note: `information: Node-RED's and the write path's cost per message, paid 200,000 times; ${countsNote(perRecord)}` },
    ...(memory
      ? [
          {
            // What the load must keep: the heap after each full collection (bench/memory-peak.ts). Without a
            // full collection in the run, the larger of the sampled rss and heap peaks stands in (an upper bound).
            name: `  peak live memory above idle, a first load (${dialect})`,
            value: memory.liveMb ?? Math.max(memory.rssMb, memory.heapMb),
            unit: 'MB',
            target: TARGET_MB,
            higherIsBetter: false,
            note: `${memory.liveMb === null ? 'no full collection in the run: the larger of the sampled peaks' : `a first load of its own (untimed), the heap after each of ${memory.majorCollections} full collections forced every ${MEMORY_GC_EVERY_MS} ms`}; sampled peaks (garbage not yet collected included) rss +${memory.rssMb.toFixed(0)} MB, heap +${memory.heapMb.toFixed(0)} MB; ${memory.retainedMb === null ? 'retained heap: run with --expose-gc' : `retained after gc ${memory.retainedMb.toFixed(1)} MB`}`,
          },
        ]
      : []),
  ];
}

/** A plain COPY of the generated lines into a fresh table of `schema`: the baseline of one pair. */
async function plainCopy(client: Client, schema: string): Promise<number> {
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(baselineDdl(`${schema}.journal_lines`));
  const started = process.hrtime.bigint();
  const stream = client.query(copyFrom(`COPY ${schema}.journal_lines (${columnList}) FROM STDIN`));
  const finished = new Promise<void>((resolve, reject) => stream.on('finish', resolve).on('error', reject));
  for (let from = 0; from < LINES; from += COPY_CHUNK) {
    const chunk = baselineText(from, COPY_CHUNK);
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await finished;
  return secondsSince(started);
}

async function postgresRun(): Promise<BenchLine[]> {
  const tag = `${process.pid}_${Date.now().toString(36)}`;
  const schemaOf = (what: string, pair?: number): string => `bench_wh_${what}_${tag}${pair === undefined ? '' : `_${pair}`}`;
  const schemas: string[] = [];
  const fresh = (what: string, pair?: number): string => {
    const schema = schemaOf(what, pair);
    schemas.push(schema);
    return schema;
  };
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  const query = async (sql: string) => (await client.query(sql)).rows as Array<Record<string, unknown>>;
  try {
    const first = generate(false);
    const url = new URL(PG_URL);
    const config = { dialect: 'postgres', host: url.hostname, port: url.port || '5432', database: url.pathname.slice(1), user: decodeURIComponent(url.username) };
    // The server is another process on the same two cores, with its own checkpoints and autovacuum:
    // one COPY against one load varied 0.6-1.1 between runs. Pairs, in turn COPY first and node first,
    // each into fresh tables; the ratio is the median of the pairs'.
    const pairs: Array<{ baseline: number; insert: NodeRun; schema: string }> = [];
    for (let p = 0; p < POSTGRES_PAIRS; p++) {
      const copySchema = fresh('copy', p);
      const nodeSchema = fresh('node', p);
      const copy = async (): Promise<number> => {
        const seconds = await plainCopy(client, copySchema);
        check('the plain COPY table (PostgreSQL)', await tableTotals(query, `${copySchema}.journal_lines`), first.debitCents);
        return seconds;
      };
      const load = async (): Promise<NodeRun> => {
        const run = await throughNode({ ...config, schema: nodeSchema }, false, false);
        checkActions('the first load (PostgreSQL)', run, { inserted: LINES });
        check('the node table after the first load (PostgreSQL)', await tableTotals(query, `${nodeSchema}.journal_lines`), run.debitCents);
        return run;
      };
      if (p % 2 === 0) {
        const baseline = await copy();
        pairs.push({ baseline, insert: await load(), schema: nodeSchema });
      } else {
        const insert = await load();
        pairs.push({ baseline: await copy(), insert, schema: nodeSchema });
      }
    }
    const handSchema = fresh('hand');
    const byHand = await upsertByHand(client, handSchema, first.lines);
    check('the by-hand upsert table (PostgreSQL)', await tableTotals(query, `${handSchema}.journal_lines`), first.debitCents);

    const ratios = pairs.map((p) => p.baseline / p.insert.seconds);
    const middle = medianBy(pairs, (p) => p.baseline / p.insert.seconds);
    const updateSchema = middle.schema;
    const update = await throughNode({ ...config, schema: updateSchema }, true, false);
    checkActions('the update pass (PostgreSQL)', update, { updated: LINES / 10, unchanged: LINES - LINES / 10 });
    check('the node table after the update pass (PostgreSQL)', await tableTotals(query, `${updateSchema}.journal_lines`), update.debitCents);
    const recordsSchema = fresh('records');
    const perRecord = await throughNode({ ...config, schema: recordsSchema }, false, false, 1);
    checkActions('the first load one message a line (PostgreSQL)', perRecord, { inserted: LINES });
    check('the node table loaded one message a line (PostgreSQL)', await tableTotals(query, `${recordsSchema}.journal_lines`), perRecord.debitCents);
    const memory = await throughNode({ ...config, schema: fresh('memory') }, false, true);
    checkActions('the memory run (PostgreSQL)', memory, { inserted: LINES });
    return [
      ...lines('PostgreSQL', 'plain COPY FROM STDIN (pg-copy-streams)', middle.baseline, middle.insert, update, perRecord, memory, `the pair with the median ratio of ${POSTGRES_PAIRS}: ${ratios.map((r) => r.toFixed(2)).join(', ')}`),
      {
        name: '  the node\'s SQL by hand / plain COPY (PostgreSQL)',
        value: middle.baseline / byHand,
        unit: 'ratio',
        note: `temp table, COPY, INSERT ... ON CONFLICT per 5,000 rows on one connection: ${byHand.toFixed(2)} s; the ceiling of this design`,
      },
    ];
  } finally {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end();
  }
}

async function embeddedRun(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-warehouse-'));
  try {
    const db = await PGlite.create(join(dir, 'copy'));
    let baseline: number;
    try {
      const first = generate(false);
      await db.query(baselineDdl('journal_lines'));
      const started = process.hrtime.bigint();
      const text = baselineText(0, LINES);
      await db.transaction(async (tx) => {
        await tx.query(`COPY journal_lines (${columnList}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
      });
      baseline = secondsSince(started);
      check('the plain COPY table (embedded)', await tableTotals(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows, 'journal_lines'), first.debitCents);
    } finally {
      await db.close();
    }

    // Opened before the runs and shared with the node (one PGlite per directory): PGlite's start-up is not the node's load.
    const dataDir = join(dir, 'node');
    const handle = new WarehouseHandle({ dialect: 'embedded', dataDir, schema: 'bench' });
    try {
      const warehouse: Warehouse = await handle.warehouse();
      const query = (sql: string) => warehouse.query(sql);
      const config = { dialect: 'embedded', dataDir, schema: 'bench' };
      const insert = await throughNode(config, false, false);
      checkActions('the first load (embedded)', insert, { inserted: LINES });
      check('the node table after the first load (embedded)', await tableTotals(query, 'bench.journal_lines'), insert.debitCents);
      const update = await throughNode(config, true, false);
      checkActions('the update pass (embedded)', update, { updated: LINES / 10, unchanged: LINES - LINES / 10 });
      check('the node table after the update pass (embedded)', await tableTotals(query, 'bench.journal_lines'), update.debitCents);
      const perRecord = await throughNode({ ...config, schema: 'bench_records' }, false, false, 1);
      checkActions('the first load one message a line (embedded)', perRecord, { inserted: LINES });
      check('the node table loaded one message a line (embedded)', await tableTotals(query, 'bench_records.journal_lines'), perRecord.debitCents);
      const memory = await throughNode({ ...config, schema: 'bench_memory' }, false, true);
      checkActions('the memory run (embedded)', memory, { inserted: LINES });
      return lines('embedded PGlite', "COPY FROM '/dev/blob' in one transaction", baseline, insert, update, perRecord, memory);
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const warehouseBench: BenchSuite = {
  name: 'warehouse',
  async run(): Promise<BenchLine[]> {
    helper.init(require.resolve('node-red'));
    await helper.startServer();
    try {
      return [...(await postgresRun()), ...(await embeddedRun())];
    } finally {
      await helper.stopServer();
    }
  },
};
