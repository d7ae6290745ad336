// The bundled "Paylocity payroll → Odoo journal entries" example in a real Node-RED 5, against the
// Paylocity and Odoo sandboxes. The sandbox's webhook sender posts Payroll Processed to the node's URL;
// Odoo's state is checked through its API and compared with the sandbox's own pay statements: one
// posted, balanced entry per cost center whose wages, employer taxes and net pay equal the statements'
// to the cent; the pay calendar's run of the same check date posts nothing; the entry of a cost center
// Odoo lacks (CC-500) fails whole and posts once on replay after CC-500 is created in Odoo.
// No sleeps: each wait is for the store's run record to finish and account for every entry it read.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { RunRecord, Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import type { PaylocitySimulator } from '../../sandbox/paylocity';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until, stopAll } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'Paylocity - payroll to Odoo journal entries.json';
const RUN_1 = { checkDate: '2026-11-13', processId: '2026111301' };
const RUN_2 = { checkDate: '2026-11-27', processId: '2026112701' };
const CENTERS = ['CC-100', 'CC-200', 'CC-300', 'CC-400'];
const keyOf = (checkDate: string, center: string) => `paylocity:journal:MLC01:${checkDate}:1:${center}`;

interface Move {
  id: number;
  ref: string;
  state: string;
}
/** A many2one as JSON-2 gives it ({id, name}), or as XML-RPC does ([id, name]). */
type Many2one = { id: number } | [number, string] | number;
interface Line {
  move_id: Many2one;
  account_id: Many2one;
  debit: number;
  credit: number;
}

const cents = (amount: number): number => Math.round(amount * 100);
const idOf = (value: Many2one): number => (Array.isArray(value) ? value[0] : typeof value === 'number' ? value : value.id);

describe(`example "${FILE}" in Node-RED 5 against the Paylocity and Odoo sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;
  let pay: PaylocitySimulator;
  let accounts: Map<string, number>;

  const moves = async (checkDate: string): Promise<Move[]> =>
    (await odoo.searchRead('account.move', { domain: [['ref', '=like', `Paylocity payroll MLC01 ${checkDate} run 1 %`]], fields: ['ref', 'state'], order: 'ref asc' })) as unknown as Move[];
  const linesOf = async (moveIds: number[]): Promise<Line[]> =>
    (await odoo.searchRead('account.move.line', { domain: [['move_id', 'in', moveIds]], fields: ['move_id', 'account_id', 'debit', 'credit'] })) as unknown as Line[];
  /** What Odoo holds for a check date, in cents: per move debit = credit, and the totals by account. */
  const odooTotals = async (checkDate: string) => {
    const found = await moves(checkDate);
    const lines = await linesOf(found.map((m) => m.id));
    const unbalanced = found.filter((m) => {
      const own = lines.filter((l) => idOf(l.move_id) === m.id);
      return own.reduce((s, l) => s + cents(l.debit), 0) !== own.reduce((s, l) => s + cents(l.credit), 0);
    });
    const on = (codes: string[], side: 'debit' | 'credit') =>
      lines.filter((l) => codes.some((code) => accounts.get(code) === idOf(l.account_id))).reduce((s, l) => s + cents(l[side]), 0);
    return {
      unbalanced: unbalanced.map((m) => m.ref),
      gross: on(['6100', '6110'], 'debit'),
      employerTaxes: on(['6200'], 'debit'),
      net: on(['2110'], 'credit'),
      debit: lines.reduce((s, l) => s + cents(l.debit), 0),
    };
  };
  /** The same from the sandbox's pay statements, optionally of some cost centers only. */
  const statementTotals = (checkDate: string, centers?: string[]) => {
    const statements = pay.state.statements.filter((s) => s.checkDate === checkDate && (!centers || centers.includes(pay.state.employee(s.employeeId)?.departmentPosition.costCenter1 ?? '')));
    const employerTaxes = statements.flatMap((s) => s.lines).filter((l) => l.detType === 'T' && l.detCode.startsWith('ER-')).reduce((s, l) => s + l.amountCents, 0);
    const gross = statements.reduce((s, st) => s + st.grossCents, 0);
    return { gross, employerTaxes, net: statements.reduce((s, st) => s + st.netCents, 0), debit: gross + employerTaxes };
  };
  const keysOf = async (checkDate: string) => ({
    posted: (await store.list({ keyPrefix: `paylocity:journal:MLC01:${checkDate}:`, status: 'posted' })).map((r) => r.key).sort(),
    failed: (await store.list({ keyPrefix: `paylocity:journal:MLC01:${checkDate}:`, status: 'failed' })).map((r) => r.key).sort(),
  });
  /** Read runs that started after `known`, once all are finished and every entry they read is accounted for (posted, duplicate or failed). */
  const settledRuns = async (known: Set<string>, count: number): Promise<RunRecord[]> =>
    until(
      `${count} new read run(s) settled`,
      async () => (await store.listRuns({ limit: 100 })).filter((r) => !known.has(r.runId)),
      (runs) =>
        runs.length >= count &&
        runs.every((r) => r.status !== 'running' && (r.counts.posted ?? 0) + (r.counts.duplicates ?? 0) + (r.counts.failed ?? 0) + (r.counts.inProgress ?? 0) >= (r.counts.read ?? 0)),
      90_000,
    );
  const knownRuns = async (): Promise<Set<string>> => new Set((await store.listRuns({ limit: 100 })).map((r) => r.runId));

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const env = sandbox.environment();
    const { flows, credentials } = loadExample(FILE);
    // Each journal read asks for every employee's summary and details (240 calls): at the example's 20
    // calls a second under Paylocity's 25/s that is 12 s a read. The pace is the client's tests' concern
    // (test/paylocity, test/nodes/paylocity-read); here it is lifted so the file stays well inside its budget.
    const config = flows.find((n) => n.id === 'mlc-ex-paylocity');
    assert.ok(config);
    config['requestsPerSecond'] = 200;
    (sandbox.get('paylocity') as RunningSimulator).quota.set([]);
    nr = await startNodeRed('node-red', flows, { credentials, env });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    pay = (sandbox.get('paylocity') as RunningSimulator).simulator as PaylocitySimulator;
    pay.webhooks.configure({
      url: `${nr.url}/mlc/paylocity/payroll-processed`,
      username: env['MLC_SANDBOX_PAYLOCITY_WEBHOOK_USER'] ?? '',
      password: env['MLC_SANDBOX_PAYLOCITY_WEBHOOK_PASSWORD'] ?? '',
      events: ['PayrollProcessed'],
    });
    const rows = (await odoo.searchRead('account.account', { fields: ['code'] })) as unknown as Array<{ id: number; code: string }>;
    accounts = new Map(rows.map((r) => [r.code, r.id]));
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it('posts one balanced entry per cost center from the Payroll Processed webhook, equal to the pay statements to the cent', async () => {
    const known = await knownRuns();
    const [message] = await pay.payrollProcessed(RUN_1.processId);
    assert.equal(message?.status, 'delivered', 'the webhook was answered 200');
    const [run] = await settledRuns(known, 1);
    assert.equal(run?.status, 'finished');
    assert.deepEqual(await keysOf(RUN_1.checkDate), { posted: CENTERS.map((c) => keyOf(RUN_1.checkDate, c)), failed: [] });
    const posted = await moves(RUN_1.checkDate);
    assert.deepEqual(
      posted.map((m) => [m.ref, m.state]),
      CENTERS.map((c) => [`Paylocity payroll MLC01 ${RUN_1.checkDate} run 1 ${c}`, 'posted']),
    );
    const totals = await odooTotals(RUN_1.checkDate);
    const expected = statementTotals(RUN_1.checkDate);
    assert.deepEqual(totals.unbalanced, [], 'every entry balances');
    assert.deepEqual({ gross: totals.gross, employerTaxes: totals.employerTaxes, net: totals.net, debit: totals.debit }, expected);
    assert.equal(expected.gross, 27_373_190, 'gross 273,731.90 (sandbox README)');
    assert.equal(expected.net, 19_528_919, 'net 195,289.19 (sandbox README)');
  });

  it('posts nothing when the pay calendar reads the same check date again', async () => {
    const known = await knownRuns();
    const moveWrites = (): number => (sandbox.get('odoo') as RunningSimulator).log.count({ path: /^\/json\/2\/account\.move\/(create|load|write|action_post)$/ });
    const writes = moveWrites();
    const res = await fetch(`${nr.url}/mlc-schedule/mlc-ex-pcty-pay-schedule/trigger`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payDate: RUN_1.checkDate }) });
    assert.equal(res.status, 200);
    const [run] = await settledRuns(known, 1);
    assert.equal(run?.counts.read, 4);
    assert.equal(run?.counts.duplicates, 4, 'all four entries already posted');
    assert.equal(run?.counts.posted ?? 0, 0);
    assert.equal((await moves(RUN_1.checkDate)).length, 4);
    assert.equal(moveWrites(), writes, 'no write call on account.move');
  });

  it('fails the CC-500 entry whole (Odoo has no such cost center) and posts the others of the run', async () => {
    const known = await knownRuns();
    await pay.payrollProcessed(RUN_2.processId);
    await settledRuns(known, 1);
    assert.deepEqual(await keysOf(RUN_2.checkDate), { posted: CENTERS.map((c) => keyOf(RUN_2.checkDate, c)), failed: [keyOf(RUN_2.checkDate, 'CC-500')] });
    const failed = await store.get(keyOf(RUN_2.checkDate, 'CC-500'));
    assert.match(failed?.error?.message ?? '', /cost center "CC-500" not found/);
    const posted = await moves(RUN_2.checkDate);
    assert.equal(posted.length, 4, 'no CC-500 entry, not even a partial one');
    assert.ok(posted.every((m) => !m.ref.endsWith('CC-500')));
    const totals = await odooTotals(RUN_2.checkDate);
    const { gross, employerTaxes, net, debit } = totals;
    assert.deepEqual(totals.unbalanced, []);
    assert.deepEqual({ gross, employerTaxes, net, debit }, statementTotals(RUN_2.checkDate, CENTERS));
  });

  it('after CC-500 is created in Odoo, replay posts the entry once and the run equals its statements to the cent', async () => {
    const [plan] = (await odoo.searchRead('account.analytic.plan', { domain: [['name', '=', 'Cost Centers']], fields: ['name'] })) as unknown as Array<{ id: number }>;
    assert.ok(plan);
    await odoo.create('account.analytic.account', [{ name: 'Field Services', code: 'CC-500', plan_id: plan.id }]);
    await press(nr, 'mlc-ex-pcty-pay-replay-inject');
    const state = await until('CC-500 posted', () => keysOf(RUN_2.checkDate), (s) => s.posted.length === 5, 60_000);
    assert.deepEqual(state.failed, []);
    const posted = await moves(RUN_2.checkDate);
    assert.equal(posted.filter((m) => m.ref.endsWith(' CC-500')).length, 1);
    assert.ok(posted.every((m) => m.state === 'posted'));
    const totals = await odooTotals(RUN_2.checkDate);
    const expected = statementTotals(RUN_2.checkDate);
    assert.deepEqual(totals.unbalanced, []);
    assert.deepEqual({ gross: totals.gross, employerTaxes: totals.employerTaxes, net: totals.net, debit: totals.debit }, expected);
    assert.equal(expected.gross, 27_557_340, 'gross 275,573.40 (sandbox README)');
    assert.equal(expected.net, 19_667_923, 'net 196,679.23 (sandbox README)');

    // The webhook again (Paylocity's Webhook Log resend) and the pay calendar: nothing more is posted.
    const known = await knownRuns();
    const [again] = await pay.payrollProcessed(RUN_2.processId);
    assert.equal(again?.status, 'delivered');
    const res = await fetch(`${nr.url}/mlc-schedule/mlc-ex-pcty-pay-schedule/trigger`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payDate: RUN_2.checkDate }) });
    assert.equal(res.status, 200);
    const runs = await settledRuns(known, 1);
    assert.ok(runs.every((r) => (r.counts.posted ?? 0) === 0 && (r.counts.failed ?? 0) === 0), JSON.stringify(runs));
    assert.equal((await moves(RUN_2.checkDate)).length, 5);
  });
});
