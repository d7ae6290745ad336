// mlc-ukg-config in Node-RED against the UKG simulator over real sockets: the Test connection route
// with the demo account (every role), the limited one (no Payroll Integration), a wrong password, the
// OAuth token, and secrets taken from the deployed node; no answer ever holds a secret.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { UkgSimulator } from '../../sandbox/ukg';
import ukgConfigNode = require('../../nodes/ukg/ukg-config');

helper.init(require.resolve('node-red'));

interface Check {
  service: string;
  ok: boolean;
  status: number | null;
  missingRole?: string;
}
interface Report {
  ok: boolean;
  unauthorized?: boolean;
  message?: string;
  error?: string;
  checks?: Check[];
  oauth?: { ok: boolean; error?: string } | null;
}

const SECRETS = ['mlc-demo-password', 'mlc-limited-password', 'MLCDM', 'mlc-demo-secret', 'Wrong-Password-77'];

describe('mlc-ukg-config', () => {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startSimulator(new UkgSimulator(), { port: 0 });
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    sim.reset();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });

  const flow = () => [{ id: 'ukg', type: 'mlc-ukg-config', name: 'UKG sandbox', host: sim.url }];
  async function test(body: Record<string, unknown>): Promise<Report> {
    const res = await helper.request().post('/mlc-ukg-config/test').send({ name: 'UKG sandbox', host: sim.url, ...body }).expect(200);
    const text = JSON.stringify(res.body);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `the answer holds ${secret}: ${text}`);
    return res.body as Report;
  }

  it('reports every web service working for the demo account, and the OAuth token', async () => {
    await helper.load(ukgConfigNode, flow(), {});
    const report = await test({
      username: 'mlc-demo',
      password: 'mlc-demo-password',
      customerApiKey: 'MLCDM',
      tokenUrl: `${sim.url}/signin/oauth2/t/mlcdemo/access_token`,
      clientId: 'mlc-demo-client',
      clientSecret: 'mlc-demo-secret',
    });
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.deepEqual(report.checks?.map((c) => [c.service, c.ok]), [
      ['Company Configuration Integration', true],
      ['Personnel Integration', true],
      ['Employee Person Details', true],
      ['Employee Compensation Details', true],
      ['EmployeeExport', true],
      ['Payroll Integration', true],
    ]);
    assert.deepEqual(report.oauth, { ok: true });
    // One cheap call each: a page of one, the GL's most recent run only.
    assert.equal(sim.log.count({ path: '/payroll/v2/general-ledger' }), 1);
    assert.equal(sim.log.entries({ path: '/personnel/v1/employment-details' })[0]?.query['per_Page'], '1');
  });

  it('names Payroll Integration as the missing role of the limited account', async () => {
    await helper.load(ukgConfigNode, flow(), {});
    const report = await test({ username: 'mlc-limited', password: 'mlc-limited-password', customerApiKey: 'MLCDM' });
    assert.equal(report.ok, false);
    const failed = report.checks?.filter((c) => !c.ok);
    assert.deepEqual(failed?.map((c) => [c.service, c.status, c.missingRole]), [['Payroll Integration', 403, 'View on "Payroll Integration"']]);
    assert.match(report.message ?? '', /Payroll Integration: the account needs the View on "Payroll Integration" role/);
  });

  it('says a wrong password is a 401 and stops there', async () => {
    await helper.load(ukgConfigNode, flow(), {});
    const report = await test({ username: 'mlc-demo', password: 'Wrong-Password-77', customerApiKey: 'MLCDM' });
    assert.equal(report.ok, false);
    assert.equal(report.unauthorized, true);
    assert.match(report.message ?? '', /refused the credentials \(401\).*user name, password and US-Customer-Api-Key/);
    assert.equal(report.checks?.length, 1);
    assert.equal(sim.log.count({ status: 401 }), 1, 'one attempt, not five');
  });

  it('takes unchanged secrets from the deployed node', async () => {
    await helper.load(ukgConfigNode, flow(), { ukg: { username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM' } });
    const report = await test({ id: 'ukg', username: 'mlc-demo', password: '__PWRD__', customerApiKey: '__PWRD__' });
    assert.equal(report.ok, true, JSON.stringify(report));
    const missing = await test({ username: 'mlc-demo', password: 'mlc-demo-password' });
    assert.equal(missing.ok, false);
    assert.match(missing.error ?? '', /US-Customer-Api-Key is required/);
  });

  it('gives the deployed node a client that reads through it', async () => {
    await helper.load(ukgConfigNode, flow(), { ukg: { username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM' } });
    const node = helper.getNode('ukg') as unknown as { getClient(): { get<T>(path: string): Promise<T> }; configName(): string };
    assert.equal(node.configName(), 'UKG sandbox');
    const companies = await node.getClient().get<Array<{ companyID: string }>>('/configuration/v1/company-details');
    assert.equal(companies[0]?.companyID, 'MLCO1');
  });
});
