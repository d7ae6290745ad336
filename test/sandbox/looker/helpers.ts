import { after, before, beforeEach } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../../sandbox/kit';
import { API_USER, LookerSimulator, type LookerApiUser } from '../../../sandbox/looker';
import { dropSchema, TEST_PG_URL, uniqueSchemaName, withPgClient } from '../../support/postgres';
import { rawRequest, type RawResponse } from '../http-client';

export interface Looker {
  running: RunningSimulator;
  simulator: LookerSimulator;
  url: string;
}

export async function startLooker(schema: string, start: { dataFile?: string } = {}): Promise<Looker> {
  const simulator = new LookerSimulator({ warehouse: { url: TEST_PG_URL, schema } });
  const running = await startSimulator(simulator, { port: 0, ...start });
  return { running, simulator, url: running.url };
}

export type Answer = RawResponse & { json: <T = any>() => T };

export interface CallOptions {
  method?: string;
  token?: string;
  /** `Bearer` as the SDK sends, or `token` as the docs write it. */
  scheme?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call(url: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `${options.scheme ?? 'token'} ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await rawRequest(`${url}/api/4.0${path}`, { method: options.method ?? 'GET', headers, body });
  return { ...response, json: <T,>() => JSON.parse(response.body) as T };
}

export async function login(url: string, user: Pick<LookerApiUser, 'clientId' | 'clientSecret'> = API_USER): Promise<string> {
  const answer = await call(url, '/login', {
    method: 'POST',
    body: new URLSearchParams({ client_id: user.clientId, client_secret: user.clientSecret }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.body}`);
  return answer.json<{ access_token: string }>().access_token;
}

/** Rows of the fixture warehouse: three accounts, two entries, five lines (two with analytic splits). */
export const FIXTURE_LINES = [
  { id: 1, move_id: 1, date: '2026-11-03', account_id: 10, account_code: '600000', debit: '1200.50', credit: '0', analytic: { '3': 100 } },
  { id: 2, move_id: 1, date: '2026-11-03', account_id: 20, account_code: '401000', debit: '0', credit: '1200.50', analytic: null },
  { id: 3, move_id: 2, date: '2026-11-20', account_id: 10, account_code: '600000', debit: '300.25', credit: '0', analytic: { '3': 50, '4': 50 } },
  { id: 4, move_id: 2, date: '2026-11-20', account_id: 30, account_code: '445660', debit: '60.05', credit: '0', analytic: null },
  { id: 5, move_id: 2, date: '2026-11-20', account_id: 20, account_code: '401000', debit: '0', credit: '360.30', analytic: null },
] as const;

/**
 * The warehouse tables of /work/briefs/warehouse-tables.md (the columns the models use) in a schema of
 * the test's own, with the fixture rows.
 */
export async function createWarehouse(prefix: string): Promise<string> {
  const schema = uniqueSchemaName(prefix);
  const s = `"${schema}"`;
  await withPgClient(async (client) => {
    await client.query(`CREATE SCHEMA ${s}`);
    const common = 'id integer PRIMARY KEY, write_date timestamptz, mlc_loaded_at timestamptz';
    await client.query(`CREATE TABLE ${s}.accounts (${common}, code text, name text, account_type text)`);
    await client.query(`CREATE TABLE ${s}.journal_entries (${common}, name text, date date, ref text, journal_id integer, journal_name text, move_type text, state text, partner_id integer, amount_total numeric, currency text)`);
    await client.query(
      `CREATE TABLE ${s}.journal_lines (${common}, move_id integer, move_name text, date date, parent_state text, journal_id integer, journal_name text, account_id integer, account_code text, partner_id integer, name text, debit numeric, credit numeric, balance numeric, analytic_distribution jsonb)`,
    );
    await client.query(`CREATE TABLE ${s}.cost_centers (${common}, mlc_archived_at timestamptz, name text, code text, plan_id integer, plan_name text)`);
    await client.query(
      `CREATE VIEW ${s}.journal_lines_by_analytic AS SELECT l.id, d.key::integer AS analytic_account_id, d.value::numeric AS percentage, l.debit * d.value::numeric / 100 AS debit, l.credit * d.value::numeric / 100 AS credit, l.balance * d.value::numeric / 100 AS balance FROM ${s}.journal_lines l, jsonb_each_text(l.analytic_distribution) d WHERE l.analytic_distribution IS NOT NULL`,
    );
    await client.query(
      `CREATE TABLE ${s}.vendor_bills (${common}, name text, ref text, invoice_date date, invoice_date_due date, partner_id integer, move_type text, state text, payment_state text, invoice_origin text, amount_untaxed numeric, amount_tax numeric, amount_total numeric, amount_residual numeric, currency text)`,
    );
    await client.query(`CREATE TABLE ${s}.purchase_orders (${common}, name text, partner_id integer, date_order timestamptz, state text, amount_untaxed numeric, amount_tax numeric, amount_total numeric, currency text)`);
    await client.query(`CREATE TABLE ${s}.employees (${common}, mlc_archived_at timestamptz, name text, work_email text, job_title text, department_id integer, parent_id integer)`);
    await client.query(`CREATE TABLE ${s}.departments (${common}, mlc_archived_at timestamptz, name text, complete_name text, parent_id integer, manager_id integer)`);

    await client.query(`INSERT INTO ${s}.accounts (id, code, name, account_type) VALUES (10, '600000', 'Expenses', 'expense'), (20, '401000', 'Payables', 'liability_payable'), (30, '445660', 'Tax Receivable', 'asset_current')`);
    await client.query(`INSERT INTO ${s}.journal_entries (id, name, date, journal_id, journal_name, move_type, state, amount_total, currency) VALUES (1, 'BILL/2026/11/0001', '2026-11-03', 2, 'Vendor Bills', 'in_invoice', 'posted', 1200.50, 'USD'), (2, 'BILL/2026/11/0002', '2026-11-20', 2, 'Vendor Bills', 'in_invoice', 'posted', 360.30, 'USD')`);
    for (const line of FIXTURE_LINES) {
      await client.query(
        `INSERT INTO ${s}.journal_lines (id, move_id, date, account_id, account_code, parent_state, journal_id, journal_name, debit, credit, balance, analytic_distribution) VALUES ($1, $2, $3, $4, $5, 'posted', 2, 'Vendor Bills', $6::numeric, $7::numeric, $6::numeric - $7::numeric, $8)`,
        [line.id, line.move_id, line.date, line.account_id, line.account_code, line.debit, line.credit, line.analytic === null ? null : JSON.stringify(line.analytic)],
      );
    }
    await client.query(`INSERT INTO ${s}.cost_centers (id, name, code, plan_id, plan_name) VALUES (3, 'North Branch', 'CC-200', 1, 'Departments'), (4, 'South Branch', 'CC-300', 1, 'Departments')`);
    await client.query(`INSERT INTO ${s}.departments (id, name, complete_name) VALUES (1, 'Finance', 'Finance'), (2, 'Operations', 'Operations')`);
    await client.query(`INSERT INTO ${s}.employees (id, name, department_id) VALUES (1, 'Ada', 1), (2, 'Bo', 1), (3, 'Cy', 2)`);
  });
  return schema;
}

export interface FixtureLooker {
  schema: string;
  looker: Looker;
  /** A fresh admin token for each test. */
  token: string;
}

/**
 * Registers the hooks of a suite that runs on its own fixture warehouse: the schema and the sandbox
 * before all tests, a reset and a new login before each, the sandbox closed and the schema dropped after.
 * The returned object is filled in as the hooks run.
 */
export function fixtureLooker(prefix: string): FixtureLooker {
  const fixture = {} as FixtureLooker;
  before(async () => {
    fixture.schema = await createWarehouse(prefix);
    fixture.looker = await startLooker(fixture.schema);
  });
  after(async () => {
    await fixture.looker.running.close();
    await dropSchema(fixture.schema);
  });
  beforeEach(async () => {
    fixture.looker.running.reset();
    fixture.token = await login(fixture.looker.url);
  });
  return fixture;
}

export { dropSchema, withPgClient };
