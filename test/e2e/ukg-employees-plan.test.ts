// The bundled "UKG employees → Odoo employees" example run as a plan, in a real Node-RED 5 against
// the UKG and Odoo sandboxes: after a full sync, a hire, a termination and a rename in UKG; "plan sync"
// lists one create, one archive and one update naming the field, and Odoo is unchanged; posting the
// plan through the admin route then makes exactly those writes, and posting it again writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import type { PlanEntry } from '../../lib/store/plan-types';
import type { Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import type { UkgSimulator } from '../../sandbox/ukg';
import { loadExample, openExampleStore, press, stopAll, until } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'UKG - employees to Odoo employees.json';
const ALL = { active_test: false };
const UKG_ID = ['identification_id', '=like', '____________'];
const FIELDS = ['name', 'active', 'identification_id', 'job_title', 'work_email', 'department_id'];

describe(`example "${FILE}" as a plan in Node-RED 5 against the UKG and Odoo sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let odoo: OdooClient;
  let odooSim: RunningSimulator;
  let ukg: UkgSimulator;
  let store: Store;

  const employees = (): Promise<Array<Record<string, unknown>>> => odoo.searchRead('hr.employee', { domain: [UKG_ID], fields: FIELDS, context: ALL, order: 'id' });
  const calls = (method: string): number => odooSim.log.count({ path: `/json/2/hr.employee/${method}` });
  const planRun = async (): Promise<string | undefined> => (await store.listPlanRuns({ limit: 1 }))[0]?.runId;
  const postPlan = async (runId: string): Promise<{ sent: number; skipped: number; notDeployed: number }> => {
    const res = await fetch(`${nr.url}/mlc-plan-sidebar/stores/mlc-ex-store/plan/post`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ runId }) });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as { sent: number; skipped: number; notDeployed: number };
  };

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env: sandbox.environment() });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    odooSim = sandbox.get('odoo') as RunningSimulator;
    ukg = (sandbox.get('ukg') as RunningSimulator).simulator as UkgSimulator;
    store = await openExampleStore(nr);
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it('plans a hire, a termination and a rename as one create, one archive and one update, and posting the plan writes exactly those', async () => {
    await press(nr, 'mlc-ex-emp-full');
    await until('250 employees in Odoo', async () => (await employees()).length, (n) => n >= 250, 120_000);
    const [leaver, renamed] = (await odoo.searchRead('hr.employee', { domain: [UKG_ID, ['active', '=', true]], fields: ['identification_id', 'name'], limit: 2, order: 'id' })).map((e) => String(e['identification_id']));
    assert.ok(leaver && renamed);
    const hired = ukg.hire({ firstName: 'Nia', lastName: 'Okafor', jobCode: 'CARP', orgLevel2Code: 'CC-300' });
    ukg.terminate(leaver, { reason: 'Resigned' });
    ukg.change(renamed, { lastName: 'Castellanos-Rivera' });

    const before = await employees();
    const writes = { create: calls('create'), write: calls('write'), load: calls('load') };
    await press(nr, 'mlc-ex-emp-plan');
    const runId = await until('the plan of the run', async () => {
      const id = await planRun();
      return id ? (await store.listPlanEntries(id)).length : 0;
    }, (n) => n >= 3, 120_000).then(planRun);
    assert.ok(runId);
    // The read is over once its run is finished; every record of it has gone through dedup by then.
    await until('the plan run to finish', () => store.getRun(runId), (r) => r?.status === 'finished', 60_000);
    const entries = await until('the plan complete', () => store.listPlanEntries(runId), (e) => e.length >= 3);
    const byId = (id: string): PlanEntry | undefined => entries.find((e) => (e.post['payload'] as { identification_id?: string }).identification_id === id);
    assert.deepEqual(entries.map((e) => e.action).sort(), ['archive', 'create', 'update'], JSON.stringify(entries.map((e) => [e.key, e.action])));
    assert.equal(byId(hired.employeeId)?.action, 'create');
    assert.equal(byId(leaver)?.action, 'archive');
    assert.deepEqual(byId(leaver)?.changes.map((c) => [c.field, c.old, c.new]), [['active', true, false]]);
    const rename = byId(renamed);
    assert.equal(rename?.action, 'update');
    assert.deepEqual(rename?.changes.map((c) => c.field), ['name']);
    assert.match(String(rename?.changes[0]?.new), /Castellanos-Rivera$/);

    assert.deepEqual(await employees(), before, 'Odoo unchanged by the plan');
    assert.deepEqual({ create: calls('create'), write: calls('write'), load: calls('load') }, writes, 'no write call');
    for (const key of entries.map((e) => e.key)) assert.equal((await store.get(key))?.status ?? 'none', 'none', `${key} not claimed, posted or failed by the plan`);

    const posted = await postPlan(runId);
    assert.deepEqual(posted, { runId, sent: 3, skipped: 0, notDeployed: 0 });
    await until('the plan posted', async () => Promise.all(entries.map(async (e) => (await store.get(e.key))?.status)), (s) => s.every((x) => x === 'posted'), 60_000);
    assert.deepEqual({ create: calls('create') - writes.create, write: calls('write') - writes.write, load: calls('load') - writes.load }, { create: 1, write: 2, load: 0 }, 'exactly the planned writes');
    const now = await employees();
    assert.equal(now.length, before.length + 1, 'one employee more, none twice');
    const find = (id: string) => now.find((e) => e['identification_id'] === id);
    assert.equal(find(hired.employeeId)?.['name'], 'Nia Okafor');
    assert.equal(find(leaver)?.['active'], false);
    assert.match(String(find(renamed)?.['name']), /Castellanos-Rivera$/);
    const untouched = before.filter((e) => ![leaver, renamed].includes(String(e['identification_id'])));
    assert.deepEqual(now.filter((e) => untouched.some((u) => u['id'] === e['id'])), untouched, 'every other employee as it was');
    assert.ok((await store.listPlanEntries(runId)).every((e) => e.postedAt !== null));

    // Posting again: dedup finds every key posted, so nothing is written twice.
    const duplicatesBefore = (await store.getRun(runId))?.counts.duplicates ?? 0;
    assert.equal((await postPlan(runId)).sent, 3);
    await until('dedup to see the three again', async () => (await store.getRun(runId))?.counts.duplicates ?? 0, (n) => n >= duplicatesBefore + 3);
    assert.deepEqual({ create: calls('create') - writes.create, write: calls('write') - writes.write }, { create: 1, write: 2 });
    assert.equal((await employees()).length, before.length + 1);
  });

  it('plans the last full sync again under a changed mapping and names the one target field it changes', async () => {
    const fullRun = (await store.listRuns({ limit: 20 })).filter((r) => !r.note?.startsWith('plan') && (r.counts.read ?? 0) >= 250).at(-1);
    assert.ok(fullRun, 'the full sync run');
    // The mapping changes: job_title from the UKG job code instead of the job title.
    const headers = { 'content-type': 'application/json', 'Node-RED-API-Version': 'v2' };
    const current = (await (await fetch(`${nr.url}/flows`, { headers })).json()) as { rev: string; flows: Array<Record<string, unknown>> };
    const map = current.flows.find((n) => n['id'] === 'mlc-ex-emp-map') as { rules: Array<Record<string, unknown>> };
    const rule = map.rules.find((r) => r['target'] === 'job_title');
    assert.ok(rule);
    rule['from'] = 'jobCode';
    const deployed = await fetch(`${nr.url}/flows`, { method: 'POST', headers: { ...headers, 'Node-RED-Deployment-Type': 'nodes' }, body: JSON.stringify(current) });
    assert.equal(deployed.status, 200, await deployed.text());

    const before = await employees();
    const writes = { create: calls('create'), write: calls('write'), load: calls('load') };
    // Node-RED answers a deploy before the flows have started again: until the changed map node is
    // back, the flow has no mapping to send to, and the rerun sends nothing (and starts no plan run).
    const rerun = async (): Promise<{ planRunId: string; sent: number; notSent: number }> => {
      const res = await fetch(`${nr.url}/mlc-plan-sidebar/stores/mlc-ex-store/plan/rerun`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ runId: fullRun.runId }) });
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()) as { planRunId: string; sent: number; notSent: number };
    };
    const { planRunId, sent } = await until('the rerun to find the redeployed mapping', rerun, (r) => r.sent > 0, 10_000);
    assert.ok(sent >= 245, `records of the full sync sent: ${sent}`);
    const entries = await until('the plan of the changed mapping', () => store.listPlanEntries(planRunId, { limit: 500 }), (e) => e.length >= sent, 120_000);
    // Two employees changed in UKG since that run (terminated, renamed): their old records also differ in those fields.
    const changedSince = entries.filter((e) => e.changes.some((c) => c.field !== 'job_title'));
    assert.ok(changedSince.length <= 2, JSON.stringify(changedSince.map((e) => e.changes)));
    const rest = entries.filter((e) => !changedSince.includes(e));
    assert.ok(rest.every((e) => e.action === 'update' && e.changes.length === 1 && e.changes[0]?.field === 'job_title'), JSON.stringify(rest.filter((e) => e.action !== 'update').slice(0, 3)));
    const sample = rest[0]?.changes[0];
    assert.ok(sample && sample.old !== sample.new && /^[A-Z]+$/.test(String(sample.new)), JSON.stringify(sample));
    assert.deepEqual({ create: calls('create'), write: calls('write'), load: calls('load') }, writes, 'no write call');
    assert.deepEqual(await employees(), before, 'Odoo unchanged');
  });
});
