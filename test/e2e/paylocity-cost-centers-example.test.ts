// The bundled "Paylocity - cost centers and Odoo analytic accounts" example in a real Node-RED 5 against
// the Paylocity and Odoo sandboxes: Paylocity's costcenter1 codes become Odoo analytic accounts of the
// plan "Cost Centers" by code (CC-500 created, CC-100..CC-400 found, none twice, also on a rerun); the
// Odoo → Paylocity direction is a check only (WebLink cannot create company codes): an Odoo cost center
// Paylocity lacks is listed, and nothing is ever written to Paylocity.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until, stopAll } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'Paylocity - cost centers and Odoo analytic accounts.json';
const TAB = 'mlc-ex-pcc-tab';
const PAYLOCITY_CODES = ['CC-100', 'CC-200', 'CC-300', 'CC-400', 'CC-500'];

interface Check {
  missingInPaylocity: Array<{ code: string; name: string }>;
  odooCostCenters: number;
  paylocityCostCenters: number;
  checkedAt: string;
}

describe(`example "${FILE}" in Node-RED 5 against the Paylocity and Odoo sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;
  let paylocitySim: RunningSimulator;
  let plan: number;

  const costCenters = async (code: string) =>
    odoo.searchRead('account.analytic.account', { domain: [['code', '=', code]], fields: ['name', 'plan_id', 'active'], context: { active_test: false } });
  /** The last check, as the flow keeps it in its context (what the debug node shows). */
  const lastCheck = async (): Promise<Check | undefined> => {
    const res = await fetch(`${nr.url}/context/flow/${TAB}/costCenterCheck`);
    if (res.status !== 200) return undefined;
    const body = (await res.json()) as { msg?: string; format?: string };
    return body.format === 'Object' && typeof body.msg === 'string' ? (JSON.parse(body.msg) as Check) : undefined;
  };
  const codeRuns = async (): Promise<string[]> =>
    (await store.listRuns({ limit: 200 })).filter((r) => r.runId.startsWith('paylocity-read:codes:')).map((r) => r.runId);
  /** Presses "sync and check now"; waits for the check and for all five codes posted in Odoo by that run. */
  const syncAndCheck = async (): Promise<Check> => {
    const before = (await lastCheck())?.checkedAt;
    const runsBefore = await codeRuns();
    await press(nr, 'mlc-ex-pcc-run');
    const check = await until('the check', lastCheck, (c) => c !== undefined && c.checkedAt !== before, 60_000);
    const runs = await until('the run in the store', codeRuns, (all) => all.some((r) => !runsBefore.includes(r)));
    const run = runs.find((r) => !runsBefore.includes(r)) ?? '';
    await until('the run\'s five codes posted', () => store.count({ runId: run, status: 'posted' }), (n) => n === PAYLOCITY_CODES.length, 60_000);
    assert.ok(check);
    return check;
  };
  const paylocityWrites = (): number => paylocitySim.log.entries({ path: '/api/' }).filter((e) => e.method !== 'GET').length;

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    paylocitySim = sandbox.get('paylocity') as RunningSimulator;
    [plan = 0] = await odoo.search('account.analytic.plan', [['name', '=', 'Cost Centers']]);
    assert.ok(plan);
    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it('brings every Paylocity cost center into Odoo by code: CC-500 created, the others found, none twice', async () => {
    assert.deepEqual(await costCenters('CC-500'), [], 'Odoo starts without Field Services');
    const check = await syncAndCheck();
    for (const code of PAYLOCITY_CODES) {
      const found = await costCenters(code);
      assert.equal(found.length, 1, `one analytic account ${code}`);
      assert.equal((found[0]?.['plan_id'] as { id: number } | null)?.id, plan, `${code} in the plan "Cost Centers"`);
    }
    assert.equal((await costCenters('CC-500'))[0]?.['name'], 'Field Services');
    const posted = await store.list({ keyPrefix: 'paylocity:code:MLC01:costcenter1:', status: 'posted' });
    assert.deepEqual(posted.map((r) => r.key).sort(), PAYLOCITY_CODES.map((c) => `paylocity:code:MLC01:costcenter1:${c}`));
    // Every active Odoo cost center is one Paylocity has (CC-900 is archived in Odoo).
    assert.deepEqual(check.missingInPaylocity, []);
    assert.equal(check.paylocityCostCenters, 5);
  });

  it('creates nothing twice on a rerun', async () => {
    const check = await syncAndCheck();
    assert.equal(check.odooCostCenters, 5, 'CC-100..CC-500 (the first run created CC-500 before this check)');
    for (const code of PAYLOCITY_CODES) assert.equal((await costCenters(code)).length, 1, code);
  });

  it("lists an Odoo cost center Paylocity lacks, and writes nothing to Paylocity", async () => {
    await odoo.create('account.analytic.account', [{ name: 'Yard Services', code: 'CC-600', plan_id: plan }]);
    const check = await syncAndCheck();
    assert.deepEqual(check.missingInPaylocity, [{ code: 'CC-600', name: 'Yard Services' }]);
    assert.equal(check.odooCostCenters, 6);
    assert.equal(paylocityWrites(), 0, 'only GETs reached Paylocity');
    assert.ok(paylocitySim.log.count({ method: 'GET', tag: { operation: 'codes' } }) >= 3, 'the codes were read on each run');
  });
});
