// The bundled "Procore - cost codes and Odoo analytic accounts" example in a real Node-RED 5 against the
// Procore and Odoo sandboxes. Odoo starts with the plan "Procore Cost Codes" and the sub-plans of PRJ-1001
// and PRJ-1002 (as an earlier run left them) holding accounts made in Odoo: 02 and 02-410 on PRJ-1002,
// and 05-120 on PRJ-1001, whose division 05 Procore lacks. One run: every Procore cost code of the three projects is an
// Odoo account in its project's sub-plan (code = full code, name = its name), and 02 and 02-410 are
// cost codes on PRJ-1002 only, with origin_id; 05-120 is refused, kept as failed, and posts once on
// replay after division 05 exists in Procore; an account made by hand with a code Procore has (03-300)
// is written with Procore's name, not doubled. A second run changes nothing on either side. Names follow
// the side that made the code: a rename in Procore reaches Odoo, a rename in Odoo of an Odoo-made code
// reaches Procore, and a rename in Odoo of a Procore-made code is put back.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import { COST_CODE_TREE, PROJECT_IDS, type ProcoreSimulator } from '../../sandbox/procore';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until, stopAll } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'Procore - cost codes and Odoo analytic accounts.json';
const ROOT = 'Procore Cost Codes';
const PROJECTS = { 'PRJ-1001': PROJECT_IDS.riverside, 'PRJ-1002': PROJECT_IDS.oakStreet, 'PRJ-1003': PROJECT_IDS.harborView } as const;
/** Every project's seeded tree, by full code. */
const SEEDED = new Map(COST_CODE_TREE.flatMap(([division, name, children]) => [[division, name] as const, ...children.map(([code, child]) => [`${division}-${code}`, child] as const)]));
const COST_CODES = '/rest/v1.0/cost_codes';

describe(`example "${FILE}" in Node-RED 5 against the Procore and Odoo sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;
  let procoreSim: RunningSimulator;
  let odooSim: RunningSimulator;
  let procore: ProcoreSimulator;
  let token = '';
  const madeInOdoo: Record<string, number> = {};

  const procoreCall = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${procoreSim.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'procore-company-id': '4264807', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  /** Live cost codes of a project as `full code → [name, origin_id]`. */
  const procoreCodes = (project: number): Map<string, [string, string | null]> => {
    const codes = procore.state.costCodes.filter((c) => c.project_id === project && c.deleted_at === null);
    const full = (id: number | null): string => {
      const c = codes.find((x) => x.id === id);
      return !c ? '' : c.parent_id === null ? c.code : `${full(c.parent_id)}-${c.code}`;
    };
    return new Map(codes.map((c) => [full(c.id), [c.name, c.origin_id]]));
  };
  const subPlans = async (): Promise<Map<string, number>> => {
    const rows = await odoo.searchRead('account.analytic.plan', { domain: [['parent_id.name', '=', ROOT]], fields: ['name'] });
    return new Map(rows.map((r) => [String(r['name']), Number(r['id'])]));
  };
  /** Odoo accounts of a sub-plan as `code → name`, each code counted. */
  const odooCodes = async (plan: number): Promise<Array<[string, string]>> =>
    (await odoo.searchRead('account.analytic.account', { domain: [['plan_id', '=', plan]], fields: ['code', 'name'], context: { active_test: false } })).map((r) => [String(r['code']), String(r['name'])] as [string, string]).sort();
  const runs = async (prefix: string) => (await store.listRuns({ limit: 500 })).filter((r) => r.runId.startsWith(prefix));
  const writesTo = {
    procore: () => procoreSim.log.entries({ path: COST_CODES }).filter((e) => e.method !== 'GET').length,
    odooAccounts: () => odooSim.log.entries({ path: /account\.analytic\.account\/(create|write|load)/ }).length,
  };
  /**
   * Presses "sync both ways now" and waits until both directions' runs of this press have finished and
   * the Procore -> Odoo run (which reads "all", so its run ends with the read) has `toOdoo` records
   * audited: the codes that were new or renamed in Procore.
   */
  const sync = async (toOdoo: number): Promise<void> => {
    const before = { procore: (await runs('procore-read:cost-codes')).map((r) => r.runId), odoo: (await runs('odoo-read:')).length };
    await press(nr, 'mlc-ex-pcodes-run');
    const [procoreRuns] = await until('both runs finished', async () => [await runs('procore-read:cost-codes'), await runs('odoo-read:')] as const, ([p, o]) =>
      p.length > before.procore.length && o.length > before.odoo && [...p, ...o].every((r) => r.status !== 'running'), 90_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${nr.output().slice(-4000)}`);
    });
    const runId = procoreRuns.find((r) => !before.procore.includes(r.runId))?.runId ?? '';
    const audited = async () => (await store.count({ runId, status: 'posted' })) + (await store.count({ runId, status: 'failed' }));
    await until(`${toOdoo} Procore codes audited`, audited, (n) => n >= toOdoo);
    assert.equal(await audited(), toOdoo, 'Procore codes sent to Odoo');
  };

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    procoreSim = sandbox.get('procore') as RunningSimulator;
    odooSim = sandbox.get('odoo') as RunningSimulator;
    procore = procoreSim.simulator as ProcoreSimulator;
    const answer = await fetch(`${procoreSim.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: env['MLC_SANDBOX_PROCORE_CLIENT_ID'], client_secret: env['MLC_SANDBOX_PROCORE_CLIENT_SECRET'] }) });
    token = String(((await answer.json()) as { access_token: string }).access_token);
    // The plan and two sub-plans as an earlier run of the flow made them (same external ids), with accounts made in Odoo.
    const plans = await odoo.load('account.analytic.plan', ['id', 'name', 'parent_id/id'], [
      ['mlc.procore_cost_codes', ROOT, ''],
      [`mlc.procore_cost_codes_${PROJECTS['PRJ-1001']}`, 'PRJ-1001', 'mlc.procore_cost_codes'],
      [`mlc.procore_cost_codes_${PROJECTS['PRJ-1002']}`, 'PRJ-1002', 'mlc.procore_cost_codes'],
    ]);
    assert.ok(plans.ids, JSON.stringify(plans.messages));
    const [, prj1001, prj1002] = plans.ids as number[];
    [madeInOdoo['02'] = 0] = await odoo.create('account.analytic.account', [{ name: 'Existing Conditions', code: '02', plan_id: prj1002 }]);
    [madeInOdoo['02-410'] = 0] = await odoo.create('account.analytic.account', [{ name: 'Demolition', code: '02-410', plan_id: prj1002 }]);
    [madeInOdoo['05-120'] = 0] = await odoo.create('account.analytic.account', [{ name: 'Structural Steel', code: '05-120', plan_id: prj1001 }]);
    // Made by hand in Odoo with a code Procore has too: written with Procore's name, not doubled.
    [madeInOdoo['03-300'] = 0] = await odoo.create('account.analytic.account', [{ name: 'Concrete (cast in place)', code: '03-300', plan_id: prj1002 }]);
    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it('after one run each side has the other\'s codes, on the right project, with their names; the code Procore cannot hold is kept as failed', async () => {
    await sync(3 * SEEDED.size);
    const plans = await subPlans();
    assert.deepEqual([...plans.keys()].sort(), ['PRJ-1001', 'PRJ-1002', 'PRJ-1003'], 'one sub-plan per project, none twice');
    for (const [number, project] of Object.entries(PROJECTS)) {
      const want = [...SEEDED].map(([code, name]) => [code, name] as [string, string]);
      if (number === 'PRJ-1002') want.push(['02', 'Existing Conditions'], ['02-410', 'Demolition']);
      if (number === 'PRJ-1001') want.push(['05-120', 'Structural Steel']);
      assert.deepEqual(await odooCodes(plans.get(number) ?? 0), want.sort(), `Odoo sub-plan ${number}: every code once`);
      const held = procoreCodes(project);
      const fromOdoo = [...held].filter(([, [, origin]]) => origin !== null).map(([code, [name, origin]]) => [code, name, origin]);
      assert.deepEqual(
        fromOdoo.sort(),
        number === 'PRJ-1002' ? [['02', 'Existing Conditions', `odoo:account.analytic.account:${madeInOdoo['02']}`], ['02-410', 'Demolition', `odoo:account.analytic.account:${madeInOdoo['02-410']}`]] : [],
        `Procore ${number}: the codes made in Odoo for it, none for the other projects`,
      );
      assert.equal(held.size, SEEDED.size + fromOdoo.length);
    }
    const [handMade] = await odoo.searchRead('account.analytic.account', { domain: [['plan_id', '=', plans.get('PRJ-1002') ?? 0], ['code', '=', '03-300']], fields: ['name'] });
    assert.deepEqual([handMade?.['id'], handMade?.['name']], [madeInOdoo['03-300'], 'Cast-in-Place Concrete'], 'the account made by hand took Procore\'s name');
    const failed = await store.list({ status: 'failed' });
    assert.equal(failed.length, 1, JSON.stringify(failed.map((f) => f.error)));
    assert.match(JSON.stringify(failed[0]?.error), /MLC_PROCORE_COST_CODE_PARENT_UNKNOWN|no cost code 05 to hold 05-120/);
    assert.equal(failed[0]?.source?.system, 'odoo');
  });

  it('a second run changes nothing on either side', async () => {
    const before = { procore: writesTo.procore(), odoo: writesTo.odooAccounts(), codes: procore.state.costCodes.length };
    await sync(0);
    assert.equal(writesTo.procore(), before.procore, 'no cost code created or changed in Procore');
    assert.equal(writesTo.odooAccounts(), before.odoo, 'no analytic account created or written in Odoo');
    assert.equal(procore.state.costCodes.length, before.codes);
    assert.equal((await subPlans()).size, 3);
  });

  it('a rename follows the side that made the code: Procore for its codes, Odoo for its own; an Odoo rename of a Procore code is put back', async () => {
    const plans = await subPlans();
    const rental = procore.state.costCodes.find((c) => c.project_id === PROJECTS['PRJ-1001'] && c.code === '540');
    assert.ok(rental);
    await procoreCall('PATCH', `${COST_CODES}/${rental.id}?project_id=${PROJECTS['PRJ-1001']}`, { project_id: PROJECTS['PRJ-1001'], cost_code: { name: 'Equipment Rentals' } });
    await odoo.write('account.analytic.account', [madeInOdoo['02-410'] ?? 0], { name: 'Demolition and Removal' });
    const [safety] = await odoo.search('account.analytic.account', [['plan_id', '=', plans.get('PRJ-1003') ?? 0], ['code', '=', '01-350']]);
    assert.ok(safety);
    await odoo.write('account.analytic.account', [safety], { name: 'Site Safety' });
    await sync(2);
    assert.deepEqual((await odooCodes(plans.get('PRJ-1001') ?? 0)).find(([code]) => code === '01-540'), ['01-540', 'Equipment Rentals'], 'the Procore rename reached Odoo');
    assert.deepEqual((await odooCodes(plans.get('PRJ-1002') ?? 0)).find(([code]) => code === '01-540'), ['01-540', 'Equipment Rental'], 'on its project only');
    assert.deepEqual(procoreCodes(PROJECTS['PRJ-1002']).get('02-410'), ['Demolition and Removal', `odoo:account.analytic.account:${madeInOdoo['02-410']}`], 'the Odoo rename of its own code reached Procore');
    assert.deepEqual((await odooCodes(plans.get('PRJ-1003') ?? 0)).find(([code]) => code === '01-350'), ['01-350', 'Safety'], 'Procore\'s name put back in Odoo');
    assert.deepEqual(procoreCodes(PROJECTS['PRJ-1003']).get('01-350'), ['Safety', null], 'and Procore kept it');
  });

  it('the refused code posts once on replay after its division exists in Procore', async () => {
    await procoreCall('POST', COST_CODES, { project_id: PROJECTS['PRJ-1001'], cost_code: { code: '05', name: 'Metals' } });
    await press(nr, 'mlc-ex-pcodes-replay-run');
    // Replay takes the record out of "failed" before it is written, so wait for nothing failed, claimed
    // or waiting for replay, not only for nothing failed.
    await until('the replayed code posted', async () => (await Promise.all((['failed', 'claimed', 'replay'] as const).map((status) => store.count({ status })))).reduce((a, b) => a + b, 0), (n) => n === 0);
    assert.deepEqual(procoreCodes(PROJECTS['PRJ-1001']).get('05-120'), ['Structural Steel', `odoo:account.analytic.account:${madeInOdoo['05-120']}`]);
    assert.equal(procore.state.costCodes.filter((c) => c.origin_id === `odoo:account.analytic.account:${madeInOdoo['05-120']}`).length, 1);
    await press(nr, 'mlc-ex-pcodes-replay-run');
    await sync(1);
    assert.equal(procore.state.costCodes.filter((c) => c.origin_id === `odoo:account.analytic.account:${madeInOdoo['05-120']}`).length, 1, 'a second replay and a run make no second');
    assert.deepEqual((await odooCodes((await subPlans()).get('PRJ-1001') ?? 0)).filter(([code]) => code.startsWith('05')), [['05', 'Metals'], ['05-120', 'Structural Steel']]);
  });
});
