// The map specs of the example "Looker - Odoo finance to warehouse to Looker": each table's odoo read
// settings and mlc-map rules, taken from the example's read, map and write nodes and run as the example
// runs them (mlc-odoo-read, one page → mlc-map) against the Odoo sandbox. Every row must carry exactly
// the contract's columns (the README's warehouse tables), with values checked against Odoo's raw answer
// (false, [id, name]) for the same records, and the write node must hold those columns with the
// README's types (numeric money, date, timestamptz, jsonb distribution), so a wrong rule, a missing
// field, a wrong column type or a sandbox field that disappears fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { OdooClient } from '../../lib/odoo';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import mapNode = require('../../nodes/core/map');
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import odooReadNode = require('../../nodes/odoo/odoo-read');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

const KEY = 'mlc-demo-key';
const EXAMPLE = join(__dirname, '..', '..', 'examples', 'Looker - Odoo finance to warehouse to Looker.json');

interface TableSpec {
  table: string;
  model: string;
  domain: unknown[];
  fields: string[];
  includeArchived: boolean;
  rules: unknown[];
  /** The write node's columns and soft-delete field. */
  columns: Array<{ name: string; type: string; primaryKey: boolean; distribution: boolean }>;
  archivedWhen: string;
}

type Row = Record<string, unknown>;
type Raw = Record<string, unknown>;

/**
 * Each column of the contract and how it follows from Odoo's raw value: `m2o` the id of [id, name],
 * `m2oName` its name, `code` the account code that starts the name, `plain` as Odoo gives it with
 * false as null, `bool` as it is.
 */
type From = readonly [field: string, how: 'plain' | 'bool' | 'm2o' | 'm2oName' | 'code'];
const COMMON: Record<string, From> = { id: ['id', 'plain'], write_date: ['write_date', 'plain'] };
const ACTIVE: Record<string, From> = { active: ['active', 'bool'] };
const CONTRACT: Record<string, Record<string, From>> = {
  accounts: { code: ['code', 'plain'], name: ['name', 'plain'], account_type: ['account_type', 'plain'], deprecated: ['deprecated', 'bool'] },
  journal_entries: {
    name: ['name', 'plain'], date: ['date', 'plain'], ref: ['ref', 'plain'], journal_id: ['journal_id', 'm2o'], journal_name: ['journal_id', 'm2oName'],
    move_type: ['move_type', 'plain'], state: ['state', 'plain'], partner_id: ['partner_id', 'm2o'], amount_total: ['amount_total', 'plain'], currency: ['currency_id', 'm2oName'],
  },
  journal_lines: {
    move_id: ['move_id', 'm2o'], move_name: ['move_name', 'plain'], date: ['date', 'plain'], parent_state: ['parent_state', 'plain'], journal_id: ['journal_id', 'm2o'],
    journal_name: ['journal_id', 'm2oName'], account_id: ['account_id', 'm2o'], account_code: ['account_id', 'code'], partner_id: ['partner_id', 'm2o'], name: ['name', 'plain'],
    debit: ['debit', 'plain'], credit: ['credit', 'plain'], balance: ['balance', 'plain'], analytic_distribution: ['analytic_distribution', 'plain'],
  },
  vendor_bills: {
    name: ['name', 'plain'], ref: ['ref', 'plain'], invoice_date: ['invoice_date', 'plain'], invoice_date_due: ['invoice_date_due', 'plain'], partner_id: ['partner_id', 'm2o'],
    move_type: ['move_type', 'plain'], state: ['state', 'plain'], payment_state: ['payment_state', 'plain'], invoice_origin: ['invoice_origin', 'plain'],
    amount_untaxed: ['amount_untaxed', 'plain'], amount_tax: ['amount_tax', 'plain'], amount_total: ['amount_total', 'plain'], amount_residual: ['amount_residual', 'plain'], currency: ['currency_id', 'm2oName'],
  },
  vendor_bill_lines: {
    move_id: ['move_id', 'm2o'], product_id: ['product_id', 'm2o'], name: ['name', 'plain'], quantity: ['quantity', 'plain'], price_unit: ['price_unit', 'plain'],
    price_subtotal: ['price_subtotal', 'plain'], price_total: ['price_total', 'plain'], account_id: ['account_id', 'm2o'], account_code: ['account_id', 'code'], analytic_distribution: ['analytic_distribution', 'plain'],
  },
  purchase_orders: {
    name: ['name', 'plain'], partner_id: ['partner_id', 'm2o'], date_order: ['date_order', 'plain'], state: ['state', 'plain'], amount_untaxed: ['amount_untaxed', 'plain'],
    amount_tax: ['amount_tax', 'plain'], amount_total: ['amount_total', 'plain'], currency: ['currency_id', 'm2oName'],
  },
  purchase_order_lines: {
    order_id: ['order_id', 'm2o'], product_id: ['product_id', 'm2o'], name: ['name', 'plain'], product_qty: ['product_qty', 'plain'], qty_received: ['qty_received', 'plain'],
    qty_invoiced: ['qty_invoiced', 'plain'], price_unit: ['price_unit', 'plain'], price_subtotal: ['price_subtotal', 'plain'], price_total: ['price_total', 'plain'], analytic_distribution: ['analytic_distribution', 'plain'],
  },
  partners: {
    name: ['name', 'plain'], ref: ['ref', 'plain'], vat: ['vat', 'plain'], email: ['email', 'plain'], is_company: ['is_company', 'bool'], supplier_rank: ['supplier_rank', 'plain'],
    customer_rank: ['customer_rank', 'plain'], city: ['city', 'plain'], country_code: ['country_code', 'plain'], ...ACTIVE,
  },
  employees: { name: ['name', 'plain'], work_email: ['work_email', 'plain'], job_title: ['job_title', 'plain'], department_id: ['department_id', 'm2o'], parent_id: ['parent_id', 'm2o'], ...ACTIVE },
  departments: { name: ['name', 'plain'], complete_name: ['complete_name', 'plain'], parent_id: ['parent_id', 'm2o'], manager_id: ['manager_id', 'm2o'], ...ACTIVE },
  cost_centers: { name: ['name', 'plain'], code: ['code', 'plain'], plan_id: ['plan_id', 'm2o'], plan_name: ['plan_id', 'm2oName'], ...ACTIVE },
};

function expectedValue(raw: Raw, [field, how]: From): unknown {
  const value = raw[field];
  if (how === 'bool') return value;
  if (value === false || value === undefined) return null;
  // Odoo's datetimes ("2026-11-02 08:00:00", UTC) come out as ISO, as the read node gives them.
  if (how === 'plain') return typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const [id, name] = value as [number, string];
  if (how === 'm2o') return id;
  return how === 'code' ? name.split(' ')[0] : name;
}

type FlowNode = Record<string, unknown> & { id: string; type: string };

/** A table's read, map and write nodes in the example (read → map → write by their first outputs). */
function loadSpec(table: string): TableSpec {
  const flow = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as FlowNode[];
  const byId = new Map(flow.map((n) => [n.id, n]));
  const next = (node: FlowNode | undefined): FlowNode | undefined => byId.get((node?.['wires'] as string[][] | undefined)?.[0]?.[0] ?? '');
  const read = flow.find((n) => n.type === 'mlc-odoo-read' && next(next(n))?.['table'] === table);
  const map = next(read);
  const write = next(map);
  assert.ok(read && map?.type === 'mlc-map' && write?.type === 'mlc-warehouse-write', `the example has a read → map → write for ${table}`);
  return {
    table,
    model: String(read['model']),
    domain: JSON.parse(String(read['domain'])) as unknown[],
    fields: String(read['fields']).split(','),
    includeArchived: read['includeArchived'] === true,
    rules: map['rules'] as unknown[],
    columns: write['columns'] as TableSpec['columns'],
    archivedWhen: String(write['archivedWhen']),
  };
}

describe('warehouse map specs: Odoo records → rows of the warehouse tables', () => {
  let sim: RunningSimulator;
  let client: OdooClient;

  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
    client = new OdooClient({ configName: 'test client', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: KEY, transport: 'json2' });
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
  });
  after(async () => {
    await helper.stopServer();
    client.close();
    await sim.close();
  });

  /** One read of the whole table as one page, through the map; the rows and Odoo's raw records. */
  async function mapTable(spec: TableSpec): Promise<{ rows: Row[]; raw: Raw[] }> {
    const flow = positioned([
      { id: 'tab', type: 'tab' },
      { id: 'odoo', type: 'mlc-odoo-config', name: 'Odoo sandbox', url: sim.url, db: 'mlc_demo', transport: 'json2', maxAttempts: 2 },
      {
        id: 'read', z: 'tab', type: 'mlc-odoo-read', odoo: 'odoo', model: spec.model, domain: JSON.stringify(spec.domain), fields: spec.fields.join(','),
        includeArchived: spec.includeArchived, mode: 'once', output: 'page', pageSize: 5000, wires: [['map'], ['complete']],
      },
      { id: 'map', z: 'tab', type: 'mlc-map', specFrom: 'node', rules: spec.rules, outputMode: 'batch', wires: [['mapped'], ['rejected']] },
      { id: 'mapped', z: 'tab', type: 'helper' },
      { id: 'rejected', z: 'tab', type: 'helper' },
      { id: 'complete', z: 'tab', type: 'helper' },
      { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'helper' },
    ]);
    await helper.load([odooConfigNode, odooReadNode, mapNode], flow, { odoo: { username: 'admin', apiKey: KEY } });
    const mapped = collect('mapped');
    const rejected = collect('rejected');
    const complete = collect('complete');
    const caught = collect('caught');
    send('read', {});
    const [end] = await complete.waitFor(1);
    assert.deepEqual(caught.messages, [], 'nothing reaches Catch');
    assert.equal((end?.['payload'] as { pages: number }).pages, 1, 'the table fits one page');
    const [out] = await mapped.waitFor(1);
    assert.deepEqual(rejected.messages.map((m) => m['error']), [], 'no record is rejected');
    const raw = await client.searchRead(spec.model, {
      domain: spec.domain as never,
      fields: spec.fields,
      order: 'id asc',
      raw: true,
      ...(spec.includeArchived ? { context: { active_test: false } } : {}),
    });
    return { rows: out?.['payload'] as Row[], raw };
  }

  for (const table of Object.keys(CONTRACT)) {
    it(`${table}: one row per Odoo record with exactly the contract's columns and Odoo's values`, async () => {
      const spec = loadSpec(table);
      const columns = { ...COMMON, ...CONTRACT[table] };
      assert.deepEqual(spec.columns.map((c) => c.name), Object.keys(columns), 'the write node has the same columns, in order');
      assert.deepEqual(spec.columns.filter((c) => c.primaryKey).map((c) => c.name), ['id']);
      assert.deepEqual(spec.columns.filter((c) => c.distribution).map((c) => c.name), 'analytic_distribution' in columns ? ['analytic_distribution'] : []);
      assert.equal(spec.archivedWhen, 'active' in columns ? 'active' : '', 'soft delete where the model has active');
      const money = /^(debit|credit|balance|amount_\w+|price_\w+|quantity|product_qty|qty_\w+)$/;
      for (const c of spec.columns) {
        const expected = c.name === 'write_date' || c.name === 'date_order' ? 'timestamptz' : /^(date|invoice_date(_due)?)$/.test(c.name) ? 'date' : money.test(c.name) ? 'numeric' : c.name === 'analytic_distribution' ? 'jsonb' : /^(id|\w+_id|\w+_rank)$/.test(c.name) ? 'integer' : /^(active|deprecated|is_company)$/.test(c.name) ? 'boolean' : 'text';
        assert.equal(c.type, expected, `${table}.${c.name}`);
      }
      const { rows, raw } = await mapTable(spec);
      assert.ok(raw.length > 0, `the sandbox seeds ${spec.model}`);
      assert.deepEqual(rows.map((r) => r['id']), raw.map((r) => r['id']));
      raw.forEach((record, i) => {
        const expected = Object.fromEntries(Object.entries(columns).map(([column, from]) => [column, expectedValue(record, from)]));
        assert.deepEqual(rows[i], expected, `${table} row ${String(record['id'])}`);
      });
    });
  }

  it('journal lines: the analytic distribution stays an object, and posted debits equal credits per entry', async () => {
    const { rows } = await mapTable(loadSpec('journal_lines'));
    const withDistribution = rows.filter((r) => r['analytic_distribution'] !== null);
    assert.ok(withDistribution.length > 0, 'the sandbox seeds lines with analytic distributions');
    for (const row of withDistribution) {
      const distribution = row['analytic_distribution'] as Record<string, number>;
      assert.equal(typeof distribution, 'object');
      assert.ok(Object.keys(distribution).every((key) => /^\d+(,\d+)*$/.test(key)), JSON.stringify(distribution));
    }
    const byEntry = new Map<number, number>();
    for (const row of rows) byEntry.set(row['move_id'] as number, (byEntry.get(row['move_id'] as number) ?? 0) + Math.round(((row['debit'] as number) - (row['credit'] as number)) * 100));
    assert.ok(byEntry.size > 1);
    for (const [entry, cents] of byEntry) assert.equal(cents, 0, `entry ${entry} balances`);
    assert.ok(rows.every((r) => typeof r['account_code'] === 'string' && /^\d+$/.test(r['account_code'] as string)), 'every line has its account code');
  });

  for (const table of ['partners', 'employees', 'cost_centers']) {
    it(`${table}: archived records are read too, with active false`, async () => {
      const { rows } = await mapTable(loadSpec(table));
      const archived = rows.filter((r) => r['active'] === false);
      assert.ok(archived.length > 0 && archived.length < rows.length, `${table}: some archived, some active`);
    });
  }
});
