// The bundled "Paylocity hires and terminations → Odoo employees" example in a real Node-RED 5, against
// the Paylocity and Odoo sandboxes. The sandbox's webhook sender posts New Hire, Termination and
// Employee Change to the nodes' URLs with the config node's Basic credentials; the hourly poll is run
// through its schedule node's trigger route. Odoo is checked through its API: a webhook hire appears; a
// duplicated delivery and the poll seeing it again still make one employee; a dropped webhook is
// caught by the next poll; forged and malformed posts get 401 / 400 and change nothing; a termination
// archives and a rehire unarchives. No sleeps: each wait is for an outcome in Odoo or for the store's
// read runs to finish and account for every employee they read.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { RunRecord, Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import type { PaylocitySimulator } from '../../sandbox/paylocity';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, until, stopAll } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'Paylocity - hires and terminations to Odoo employees.json';
const SCHEDULE = 'mlc-ex-pcty-emp-schedule';
const ALL = { active_test: false };
const PCTY = ['identification_id', '=like', 'PCTY-MLC01-%'];
const idOf = (employeeId: string): string => `PCTY-MLC01-${employeeId}`;

interface OdooEmployee {
  id: number;
  name: string;
  active: boolean;
  identification_id: string;
  job_title: string | null;
  work_email: string | null;
  department_id: { id: number; name: string } | null;
}

describe(`example "${FILE}" in Node-RED 5 against the Paylocity and Odoo sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;
  let pay: PaylocitySimulator;
  let auth: string;

  const employee = async (employeeId: string): Promise<OdooEmployee | undefined> =>
    ((await odoo.searchRead('hr.employee', { domain: [['identification_id', '=', idOf(employeeId)]], fields: ['name', 'active', 'identification_id', 'job_title', 'work_email', 'department_id'], context: ALL })) as unknown as OdooEmployee[])[0];
  const copies = (employeeId: string): Promise<number> => odoo.searchCount('hr.employee', [['identification_id', '=', idOf(employeeId)]], ALL);
  const synced = (): Promise<number> => odoo.searchCount('hr.employee', [PCTY], ALL);
  const knownRuns = async (): Promise<Set<string>> => new Set((await store.listRuns({ limit: 500 })).map((r) => r.runId));
  /** Read runs that started after `known`, once all are finished and every employee they read is accounted for (posted, duplicate or failed). */
  const settledRuns = async (known: Set<string>, count: number): Promise<RunRecord[]> =>
    until(
      `${count} new read run(s) settled`,
      async () => (await store.listRuns({ limit: 500 })).filter((r) => !known.has(r.runId)),
      (runs) =>
        runs.length >= count &&
        runs.every((r) => r.status !== 'running' && (r.counts.posted ?? 0) + (r.counts.duplicates ?? 0) + (r.counts.failed ?? 0) + (r.counts.inProgress ?? 0) >= (r.counts.read ?? 0)),
      90_000,
    );
  /** The hourly poll, now: what the schedule node's button in the editor does. */
  const poll = async (): Promise<RunRecord> => {
    const known = await knownRuns();
    const res = await fetch(`${nr.url}/mlc-schedule/${SCHEDULE}/trigger`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 200);
    const runs = await settledRuns(known, 1);
    const all = runs.find((r) => (r.note ?? '').includes('employees (all)')) ?? runs[0];
    assert.ok(all);
    return all;
  };
  const post = (path: string, body: string, authorization?: string): Promise<Response> =>
    fetch(`${nr.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const env = sandbox.environment();
    const { flows, credentials } = loadExample(FILE);
    // The hourly poll runs when the test says (through the schedule node's trigger), not at minute 20 of some hour mid-test.
    const schedule = flows.find((n) => n.id === SCHEDULE);
    assert.ok(schedule);
    schedule['cron'] = '0 0 1 1 *';
    nr = await startNodeRed('node-red', flows, { credentials, env });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    pay = (sandbox.get('paylocity') as RunningSimulator).simulator as PaylocitySimulator;
    const username = env['MLC_SANDBOX_PAYLOCITY_WEBHOOK_USER'] ?? '';
    const password = env['MLC_SANDBOX_PAYLOCITY_WEBHOOK_PASSWORD'] ?? '';
    auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    pay.webhooks.configure({ url: `${nr.url}/mlc/paylocity/new-hire`, username, password, events: ['NewHire'] });
    pay.webhooks.configure({ url: `${nr.url}/mlc/paylocity/termination`, username, password, events: ['Termination'] });
    pay.webhooks.configure({ url: `${nr.url}/mlc/paylocity/employee-change`, username, password, events: ['EmployeeChange'] });
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it('brings a webhook hire into Odoo; delivered twice and seen again by the poll, it is one employee', async () => {
    const known = await knownRuns();
    pay.webhooks.setDefaults({ duplicate: true });
    const hired = pay.hire({ firstName: 'Nia', lastName: 'Okafor', costCenter1: 'CC-300', positionCode: 'SUPT' });
    pay.webhooks.setDefaults({});
    await pay.webhooks.idle();
    const [sent] = pay.webhooks.messages({ event: 'NewHire' });
    assert.equal(sent?.status, 'delivered');
    assert.deepEqual(sent?.attempts.map((a) => a.status), [200, 200], 'the same body delivered twice, both answered 200');

    const nia = await until('the hire in Odoo', () => employee(hired.employeeId), (e) => e !== undefined, 60_000);
    await settledRuns(known, 1);
    assert.equal(nia?.name, 'Nia Okafor');
    assert.equal(nia?.active, true);
    assert.equal(nia?.job_title, 'Site Superintendent');
    assert.match(nia?.department_id?.name ?? '', /South Branch$/, 'CC-300 → South Branch through the cost-center table');
    assert.equal(await copies(hired.employeeId), 1);

    // The hourly poll: all 120 seeded employees arrive, the hire is read again and is a duplicate.
    const run = await poll();
    assert.equal(run.counts.read, 121);
    assert.equal(run.counts.failed ?? 0, 0);
    assert.equal(run.counts.duplicates, 1, 'the hire, already posted by the webhook');
    assert.equal(await synced(), 121);
    assert.equal(await copies(hired.employeeId), 1, 'still one employee');
    const posted = await store.list({ keyPrefix: `paylocity:employee:MLC01:${hired.employeeId}:` });
    assert.deepEqual(posted.map((r) => r.status), ['posted'], 'one version, posted once');
    // The seed's terminated employees are archived, its rehires active.
    assert.equal((await employee('1009'))?.active, false);
    assert.equal((await employee('1052'))?.active, true);
  });

  it('catches a dropped webhook on the next poll', async () => {
    pay.webhooks.setDefaults({ drop: true });
    const hired = pay.hire({ firstName: 'Omar', lastName: 'Haddad', costCenter1: 'CC-200' });
    pay.webhooks.setDefaults({});
    assert.equal(pay.webhooks.messages({ event: 'NewHire' }).at(-1)?.status, 'dropped');
    assert.equal(await employee(hired.employeeId), undefined, 'nothing was sent, so nothing is in Odoo yet');

    const run = await poll();
    assert.equal(run.counts.read, 122);
    assert.equal(run.counts.posted, 1, 'only the missed hire is written');
    assert.equal(run.counts.duplicates, 121);
    const omar = await employee(hired.employeeId);
    assert.equal(omar?.name, 'Omar Haddad');
    assert.match(omar?.department_id?.name ?? '', /North Branch$/);
  });

  it('answers a forged post 401 and a malformed one 400, and neither changes anything', async () => {
    // An edit whose webhook is lost: Odoo keeps the old e-mail until something reads employee 1001.
    const before = await employee('1001');
    assert.ok(before?.work_email);
    pay.webhooks.setDefaults({ drop: true });
    pay.change('1001', { workAddress: { emailAddress: 'new.address@mlc-demo.example' } });
    pay.webhooks.setDefaults({});
    const known = await knownRuns();

    const notice = JSON.stringify({ companyId: 'MLC01', employeeId: '1001' });
    const wrong = `Basic ${Buffer.from('mlc-webhook:not-the-password').toString('base64')}`;
    const forged = await post('/mlc/paylocity/employee-change', notice, wrong);
    assert.equal(forged.status, 401);
    assert.match(forged.headers.get('www-authenticate') ?? '', /^Basic /);
    assert.equal((await post('/mlc/paylocity/employee-change', notice)).status, 401, 'no credentials');
    assert.equal((await post('/mlc/paylocity/employee-change', '{"companyId": "MLC01", "employeeId": ', auth)).status, 400, 'not JSON');
    assert.equal((await post('/mlc/paylocity/employee-change', JSON.stringify({ companyId: 'MLC01' }), auth)).status, 400, 'no employee');
    assert.equal((await post('/mlc/paylocity/new-hire', JSON.stringify({ companyId: 'MLC01', employeeId: '' }), auth)).status, 400, 'an empty employee id');

    // A genuine notice after them: it is read and settled, and it is the only read since the refused posts.
    const genuine = await post('/mlc/paylocity/employee-change', JSON.stringify({ companyId: 'MLC01', employeeId: '1002' }), auth);
    assert.equal(genuine.status, 200);
    const runs = await settledRuns(known, 1);
    assert.equal(runs.length, 1, `only the genuine notice made a read: ${JSON.stringify(runs.map((r) => r.note))}`);
    assert.equal((await employee('1001'))?.work_email, before.work_email, 'the forged notice read nothing');

    // The next poll brings the lost edit.
    await poll();
    assert.equal((await employee('1001'))?.work_email, 'new.address@mlc-demo.example');
  });

  it('archives on a termination and unarchives on a rehire', async () => {
    const leaving = await employee('1003');
    assert.equal(leaving?.active, true);
    pay.terminate('1003', { date: '2026-11-30', reason: 'Resigned' });
    await until('1003 archived', () => employee('1003'), (e) => e?.active === false, 60_000);

    pay.rehire('1003', { date: '2026-12-03' });
    await until('1003 active again', () => employee('1003'), (e) => e?.active === true, 60_000);
    // One of the seed's terminated employees, rehired.
    assert.equal((await employee('1027'))?.active, false);
    pay.rehire('1027', { date: '2026-12-03' });
    await until('1027 active again', () => employee('1027'), (e) => e?.active === true, 60_000);
    assert.equal(await copies('1003'), 1);
    assert.equal(await copies('1027'), 1);
  });
});
