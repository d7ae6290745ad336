// The "Looker - Odoo finance to warehouse to Looker" example in a real Node-RED 5 against the Odoo and
// Looker sandboxes, on the embedded warehouse (served on a free port, as `npm start` serves it on its
// fixed one) or on the PostgreSQL server (the example's warehouse config node switched, a schema of its
// own). What the warehouse and Looker should hold is read from Odoo through its API, independently of
// the flow's map rules: row counts per table and GL totals per account, to the cent.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import { connectExampleWarehouse, exampleWarehousePort } from '../../scripts/example-warehouse';
import type { RunningSimulator } from '../../sandbox/kit';
import { ODOO_FINANCE, type DatagroupTrigger, type PlanRun } from '../../sandbox/looker';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { startCaptureServer, type CaptureServer } from './capture-server';
import { loadExample, press, until, type FlowNode } from './e2e';
import { startNodeRed, type RunningNodeRed } from './node-red-process';

export const FILE = 'Looker - Odoo finance to warehouse to Looker.json';
const WAREHOUSE = 'mlc-ex-warehouse';

/** Each table and how Odoo counts its records (the read settings of the example's read nodes). */
interface TableRead {
  table: string;
  model: string;
  domain: unknown[];
  includeArchived: boolean;
}

export function tablesOf(flows: FlowNode[]): TableRead[] {
  const reads = flows.filter((n) => n.type === 'mlc-odoo-read');
  return reads.map((read) => {
    const write = flows.find((n) => n.id === (read['wires'] as string[][])[0]?.[0]?.replace('-map-', '-write-'));
    return { table: String(write?.['table']), model: String(read['model']), domain: JSON.parse(String(read['domain'])) as unknown[], includeArchived: read['includeArchived'] === true };
  });
}

const cents = (value: unknown): number => Math.round(Number(value) * 100);
type Totals = Record<string, [debit: number, credit: number]>;

export function describeExample(dialect: 'embedded' | 'postgres'): void {
  describe(`example "${FILE}" in Node-RED 5 against the Odoo and Looker sandboxes, warehouse ${dialect}`, () => {
    let sandbox: Sandbox;
    let nr: RunningNodeRed;
    let store: Store;
    let odoo: OdooClient;
    let odooSim: RunningSimulator;
    let lookerUrl = '';
    let receiver: CaptureServer;
    let db: Client;
    let schema = 'odoo';
    let dbUrl = '';
    let tables: TableRead[] = [];
    let runs = 0;

    const sql = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> => (await db.query<T>(text, values)).rows;
    const triggers = async (): Promise<DatagroupTrigger[]> => ((await (await fetch(`${lookerUrl}/__sandbox/datagroups/triggers`)).json()) as { triggers: DatagroupTrigger[] }).triggers;
    const planRuns = async (): Promise<PlanRun[]> => ((await (await fetch(`${lookerUrl}/__sandbox/scheduled-plans/idle`, { method: 'POST' })).json()) as { runs: PlanRun[] }).runs;
    /** Presses "sync now" and waits until the run's plan delivered (its last step). */
    const syncNow = async (): Promise<void> => {
      const delivered = receiver.requests.length;
      await press(nr, 'mlc-ex-olk-run');
      runs++;
      await until('the scheduled plan of the run to deliver', async () => receiver.requests.length, (n) => n > delivered, 120_000);
    };
    /** Odoo's GL totals (debit, credit in cents) per account, keyed by its id or its code. */
    const odooTotalsBy = async (keyOf: (account: { id: number; name: string }) => string): Promise<Totals> => {
      const totals: Totals = {};
      for (const line of await odoo.searchRead('account.move.line', { fields: ['account_id', 'debit', 'credit'] })) {
        const t = (totals[keyOf(line['account_id'] as { id: number; name: string })] ??= [0, 0]);
        t[0] += cents(line['debit']);
        t[1] += cents(line['credit']);
      }
      return totals;
    };
    const odooTotals = (): Promise<Totals> => odooTotalsBy((account) => String(account.id));
    /** By account code (the start of Odoo's display name "6100 Wages"), as the plan's Look groups them. */
    const odooTotalsByCode = (): Promise<Totals> => odooTotalsBy((account) => account.name.split(' ')[0] as string);
    /** The totals in the plan's last webhook delivery, {"data": [rows]}. */
    const deliveredTotals = (): Totals => {
      const body = JSON.parse(receiver.requests.at(-1)?.body ?? '{}') as { data: Array<Record<string, unknown>> };
      return Object.fromEntries(body.data.map((r) => [String(r['journal_lines.account_code']), [cents(r['journal_lines.total_debit']), cents(r['journal_lines.total_credit'])]]));
    };
    const warehouseTotals = async (): Promise<Totals> =>
      Object.fromEntries((await sql<{ account_id: number; debit: string; credit: string }>(`SELECT account_id, SUM(debit) AS debit, SUM(credit) AS credit FROM ${schema}.journal_lines GROUP BY account_id`)).map((r) => [String(r.account_id), [cents(r.debit), cents(r.credit)]]));
    const loadedAt = async (): Promise<Map<string, string>> => {
      const out = new Map<string, string>();
      for (const { table } of tables) for (const r of await sql<{ id: number; at: string }>(`SELECT id, mlc_loaded_at::text AS at FROM ${schema}.${table}`)) out.set(`${table}:${r.id}`, r.at);
      return out;
    };
    const lastLoadedAt = async (): Promise<number> => {
      let last = 0;
      for (const { table } of tables) {
        const [row] = await sql<{ at: Date | null }>(`SELECT max(mlc_loaded_at) AS at FROM ${schema}.${table}`);
        last = Math.max(last, row?.at ? row.at.getTime() : 0);
      }
      return last;
    };
    /** The read runs started since `since`, with what their records did in the warehouse (audit counts). */
    const readRuns = async (since: string) => (await store.listRuns({ limit: 500 })).filter((r) => r.runId.startsWith('odoo-read:') && r.startedAt >= since);

    before(async () => {
      sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
      odooSim = sandbox.get('odoo') as RunningSimulator;
      lookerUrl = (sandbox.get('looker') as RunningSimulator).url;
      const env = sandbox.environment();
      odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
      receiver = await startCaptureServer();
      const res = await fetch(`${lookerUrl}/__sandbox/scheduled-plans/1/destination`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address: `${receiver.url}/looker` }) });
      assert.equal(res.status, 200, await res.text());

      const { flows, credentials } = loadExample(FILE);
      tables = tablesOf(flows);
      let warehouseEnv: Record<string, string>;
      if (dialect === 'embedded') {
        // What `npm start` does, on a free port instead of the fixed one.
        const port = await exampleWarehousePort({}, 0);
        warehouseEnv = connectExampleWarehouse(sandbox, port, {});
        dbUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
      } else {
        schema = `mlc_e2e_looker_${process.pid}`;
        const node = flows.find((n) => n.id === WAREHOUSE) as FlowNode;
        Object.assign(node, { dialect: 'postgres', host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', schema, servePort: '' });
        warehouseEnv = {};
        const url = 'postgres://postgres@127.0.0.1:5432/test';
        const point = await fetch(`${lookerUrl}/__sandbox/warehouse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url, schema }) });
        assert.equal(point.status, 200, await point.text());
        dbUrl = url;
      }
      nr = await startNodeRed('node-red', flows, { credentials, env: { ...env, ...warehouseEnv } });
      store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
      // The embedded warehouse is served once its config node started.
      const connect = async (): Promise<boolean> => {
        const client = new Client({ connectionString: dbUrl });
        client.on('error', () => undefined);
        return client.connect().then(
          () => ((db = client), true),
          () => false,
        );
      };
      await until('the warehouse to answer', connect, (ok) => ok, 30_000).catch((error: unknown) => assert.fail(`${String(error)}\n${nr.output().slice(-3000)}`));
    });
    after(async () => {
      odoo?.close();
      await store?.close();
      await nr?.stop();
      if (dialect === 'postgres' && db) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await db?.end().catch(() => undefined);
      await receiver?.close();
      await sandbox?.close();
    });

    it('loads every table with what Odoo holds: rows per table, GL totals per account to the cent', async () => {
      const started = new Date().toISOString();
      await syncNow();
      for (const { table, model, domain, includeArchived } of tables) {
        const expected = await odoo.searchCount(model, domain as never, includeArchived ? { active_test: false } : undefined);
        const [row] = await sql<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.${table}`);
        assert.equal(Number(row?.n), expected, `${table}: rows = Odoo's ${model} records`);
        assert.ok(expected > 0, `the sandbox seeds ${model}`);
      }
      const totals = await odooTotals();
      assert.deepEqual(await warehouseTotals(), totals);
      for (const table of ['journal_lines', 'vendor_bill_lines', 'purchase_order_lines']) {
        const [split] = await sql<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.${table}_by_analytic`);
        assert.ok(Number(split?.n) > 0, `${table}_by_analytic has rows`);
      }
      const inserted = (await readRuns(started)).reduce((sum, r) => sum + (r.counts['inserted'] ?? 0), 0);
      const rows = (await sql<{ n: string }>(tables.map(({ table }) => `SELECT count(*) AS n FROM ${schema}.${table}`).join(' UNION ALL '))).reduce((sum, r) => sum + Number(r.n), 0);
      assert.equal(inserted, rows, 'every row inserted once, as the audit counts it');
    });

    it("has every column the Looker sandbox's model names, in the tables the example loads", async () => {
      const columns = new Set((await sql<{ c: string }>(`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = $1`, [schema])).map((r) => r.c));
      const missing = ODOO_FINANCE.views.flatMap((view) => [...view.dimensions.map((d) => d.column), ...view.measures.flatMap((m) => (m.column ? [m.column] : []))].map((column) => `${view.table}.${column}`)).filter((c) => !columns.has(c));
      assert.deepEqual(missing, []);
    });

    it('answers a Looker query on the journal_lines explore with the GL totals Odoo holds', async () => {
      const login = await fetch(`${lookerUrl}/api/4.0/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'client_id=mlc-looker-client-id&client_secret=mlc-looker-client-secret' });
      const { access_token: token } = (await login.json()) as { access_token: string };
      const res = await fetch(`${lookerUrl}/api/4.0/queries/run/json`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'odoo_finance', view: 'journal_lines', fields: ['journal_lines.account_id', 'journal_lines.total_debit', 'journal_lines.total_credit'], limit: '-1' }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      const rows = (await res.json()) as Array<Record<string, unknown>>;
      const totals = Object.fromEntries(rows.map((r) => [String(r['journal_lines.account_id']), [cents(r['journal_lines.total_debit']), cents(r['journal_lines.total_credit'])]]));
      assert.deepEqual(totals, await odooTotals());
    });

    it('triggers the datagroup once per run, after the last load, and the plan delivers the fresh totals', async () => {
      const all = await triggers();
      assert.equal(all.length, runs, 'one trigger per run');
      const last = all.at(-1) as DatagroupTrigger;
      assert.ok(Date.parse(last.at) >= (await lastLoadedAt()), `trigger at ${last.at} after the last row loaded`);
      const audits = (await store.listRuns({ limit: 500 })).filter((r) => r.runId.startsWith('odoo-read:')).map((r) => Date.parse(r.finishedAt ?? ''));
      assert.ok(Date.parse(last.at) >= Math.max(...audits), 'after the last read ended (its records audited)');
      const delivered = (await planRuns()).filter((r) => r.planId === '1');
      assert.equal(delivered.length, runs, 'the plan ran once per run');
      assert.deepEqual(deliveredTotals(), await odooTotalsByCode());
    });

    it('takes a change in Odoo to the warehouse on the next run, touching only the changed rows', async () => {
      const [line] = await odoo.searchRead('account.move.line', { domain: [['move_id.move_type', '=', 'entry']], fields: ['name', 'move_id'], limit: 1 });
      assert.ok(line, 'a journal line of a miscellaneous entry');
      const id = Number(line['id']);
      const entry = (line['move_id'] as { id: number }).id;
      const entryRow = async () => (await sql(`SELECT * FROM ${schema}.journal_entries WHERE id = $1`, [entry])).map(({ write_date: _w, mlc_loaded_at: _l, ...rest }) => rest);
      const entryBefore = await entryRow();
      const before = await loadedAt();
      odooSim.clock.advance(2000);
      await odoo.write('account.move.line', [id], { name: 'Changed in Odoo' });
      const started = new Date().toISOString();
      await syncNow();
      const [row] = await sql<{ name: string }>(`SELECT name FROM ${schema}.journal_lines WHERE id = $1`, [id]);
      assert.equal(row?.name, 'Changed in Odoo');
      // Odoo stamps the entry's write_date too when one of its lines changes: its row takes the new
      // write_date and nothing else.
      const after = await loadedAt();
      const moved = [...after].filter(([key, at]) => before.get(key) !== at).map(([key]) => key).sort();
      assert.deepEqual(moved, [`journal_entries:${entry}`, `journal_lines:${id}`], 'mlc_loaded_at moved on the line and its entry only');
      assert.deepEqual(await entryRow(), entryBefore, 'the entry row: only its write_date changed');
      const runsOf = await readRuns(started);
      const sum = (counter: string): number => runsOf.reduce((n, r) => n + (r.counts[counter] ?? 0), 0);
      assert.deepEqual({ inserted: sum('inserted'), updated: sum('updated') }, { inserted: 0, updated: 2 }, 'what the audit counted: the line and its entry updated, the rest unchanged or not read');
      assert.deepEqual(await warehouseTotals(), await odooTotals());
      assert.deepEqual(deliveredTotals(), await odooTotalsByCode(), 'the plan of this run delivered the totals again');
    });

    it('soft-deletes a partner and an employee archived in Odoo: mlc_archived_at set, row kept', async () => {
      const [partner] = await odoo.search('res.partner', [['active', '=', true]], { limit: 1 });
      const [employee] = await odoo.search('hr.employee', [['active', '=', true]], { limit: 1 });
      assert.ok(partner && employee);
      odooSim.clock.advance(2000);
      await odoo.write('res.partner', [partner], { active: false });
      await odoo.write('hr.employee', [employee], { active: false });
      await syncNow();
      for (const [table, id] of [['partners', partner], ['employees', employee]] as const) {
        const rows = await sql<{ active: boolean; archived: Date | null }>(`SELECT active, mlc_archived_at AS archived FROM ${schema}.${table} WHERE id = $1`, [id]);
        assert.equal(rows.length, 1, `${table} ${id} kept`);
        assert.equal(rows[0]?.active, false);
        assert.ok(rows[0]?.archived instanceof Date, `${table} ${id}: mlc_archived_at set`);
      }
      assert.equal((await triggers()).length, runs, 'still one trigger per run');
    });
  });
}
