// mlc-paylocity-config: the dialog's fields → client settings (environment hosts, custom URLs, limits),
// the webhook Basic credentials, and the node as Node-RED loads it.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { paylocitySettingsProblem, PAYLOCITY_HOSTS } from '../../lib/paylocity/settings';
import { paylocitySettingsFromNode, webhookCredentialsFrom } from '../../nodes/paylocity/paylocity-config-settings';
import type { PaylocityConfigNode } from '../../nodes/shared/types';
import paylocityConfigNode = require('../../nodes/paylocity/paylocity-config');
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { PaylocitySimulator } from '../../sandbox/paylocity';
import type { PaylocityConnectionReport } from '../../lib/paylocity/connection-test';

helper.init(require.resolve('node-red'));

describe('mlc-paylocity-config settings', () => {
  it('takes the published hosts for production and Paylocity testing, whatever custom URLs linger', () => {
    const production = paylocitySettingsFromNode('n1', { environment: 'production', apiBase: 'http://x', companyId: ' C01 ' }, { clientId: 'id', clientSecret: 's' });
    assert.equal(production.apiBase, PAYLOCITY_HOSTS.production.apiBase);
    assert.equal(production.tokenUrl, PAYLOCITY_HOSTS.production.tokenUrl);
    assert.equal(production.companyId, 'C01');
    assert.equal(production.configName, 'Paylocity C01');
    const testing = paylocitySettingsFromNode('n1', { environment: 'sandbox', companyId: 'C01' }, { clientId: 'id', clientSecret: 's' });
    assert.equal(testing.apiBase, PAYLOCITY_HOSTS.sandbox.apiBase);
    assert.equal(paylocitySettingsProblem(testing), undefined);
  });

  it('takes both URLs from the dialog for another host, and says what is missing', () => {
    const custom = paylocitySettingsFromNode('n1', { environment: 'custom', apiBase: 'http://127.0.0.1:8102/api/', tokenUrl: '', companyId: 'C01' }, { clientId: 'id', clientSecret: 's' });
    assert.equal(custom.apiBase, 'http://127.0.0.1:8102/api');
    assert.match(paylocitySettingsProblem(custom) ?? '', /tokenUrl: the token URL must start with https:\/\//);
    const noSecret = paylocitySettingsFromNode('n1', { environment: 'production', companyId: 'C01' }, { clientId: 'id' });
    assert.match(paylocitySettingsProblem(noSecret) ?? '', /clientSecret: the client secret is required/);
    const longCompany = paylocitySettingsFromNode('n1', { companyId: '1234567890' }, { clientId: 'id', clientSecret: 's' });
    assert.match(paylocitySettingsProblem(longCompany) ?? '', /at most 9 characters/);
  });

  it('bounds page size, concurrency and pace, and ignores what is not a number', () => {
    const s = paylocitySettingsFromNode('n1', { companyId: 'C01', pageSize: '5000', concurrency: '0', requestsPerSecond: '12.5', timeoutSeconds: '0.2' }, { clientId: 'i', clientSecret: 's' });
    assert.equal(s.pageSize, 1000);
    assert.equal(s.concurrency, undefined);
    assert.equal(s.requestsPerSecond, 12.5);
    assert.equal(s.timeoutMs, 1000);
    const t = paylocitySettingsFromNode('n1', { companyId: 'C01', requestsPerSecond: 'fast' }, { clientId: 'i', clientSecret: 's' });
    assert.equal(t.requestsPerSecond, undefined);
  });

  it('has webhook credentials only when a user or password is set', () => {
    assert.equal(webhookCredentialsFrom({}), undefined);
    assert.equal(webhookCredentialsFrom({ webhookUser: '', webhookPassword: '' }), undefined);
    assert.deepEqual(webhookCredentialsFrom({ webhookUser: 'pcty', webhookPassword: 'pw' }), { user: 'pcty', password: 'pw' });
  });
});

describe('mlc-paylocity-config node', () => {
  before(async () => {
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
  });
  after(async () => {
    await helper.stopServer();
  });

  it('gives the nodes using it its name, company and webhook credentials, from Node-RED credentials', async () => {
    const flow = [{ id: 'p', type: 'mlc-paylocity-config', name: '', environment: 'production', companyId: 'C01' }];
    await helper.load(paylocityConfigNode, flow, { p: { clientId: 'cid', clientSecret: 'sec', webhookUser: 'hook', webhookPassword: 'hookpw' } });
    const node = helper.getNode('p') as unknown as PaylocityConfigNode;
    assert.equal(node.configName(), 'Paylocity C01');
    assert.equal(node.companyId(), 'C01');
    assert.deepEqual(node.webhookCredentials(), { user: 'hook', password: 'hookpw' });
  });
});

describe('mlc-paylocity-config Test connection against the Paylocity sandbox', () => {
  let sim: RunningSimulator;
  let other: RunningSimulator;
  const SECRETS = ['mlc-demo-secret', 'mlc-limited-secret', 'Wrong-Secret-55', 'mlc-webhook-password'];

  before(async () => {
    sim = await startSimulator(new PaylocitySimulator(), { port: 0 });
    other = await startSimulator(new PaylocitySimulator(), { port: 0 });
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    sim.reset();
    other.reset();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
    await other.close();
  });

  const hosts = (at: RunningSimulator) => ({ environment: 'custom', apiBase: `${at.url}/api`, tokenUrl: `${at.url}/IdentityServer/connect/token` });
  const flow = () => [{ id: 'p', type: 'mlc-paylocity-config', name: 'Paylocity sandbox', companyId: 'MLC01', ...hosts(sim) }];
  const deployedCredentials = { p: { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret', webhookUser: 'mlc-webhook', webhookPassword: 'mlc-webhook-password' } };
  async function test(body: Record<string, unknown>, status = 200): Promise<PaylocityConnectionReport & { error?: string }> {
    const res = await helper.request().post('/mlc-paylocity-config/test').send({ name: 'Paylocity sandbox', companyId: 'MLC01', ...hosts(sim), ...body }).expect(status);
    const text = JSON.stringify(res.body);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `the answer holds ${secret}: ${text}`);
    return res.body as PaylocityConnectionReport & { error?: string };
  }

  it('gets a token and makes one cheap call per API the flows use', async () => {
    await helper.load(paylocityConfigNode, flow(), {});
    const report = await test({ clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' });
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.deepEqual(report.token, { ok: true });
    assert.deepEqual(
      report.checks.map((c) => [c.api, c.ok]),
      [
        ['Employees (list)', true],
        ['Company codes', true],
        ['Company codes', true],
        ['Employee', true],
        ['Pay statements', true],
        ['Pay statements', true],
      ],
    );
    const list = sim.log.entries({ method: 'GET', path: '/api/v2/companies/MLC01/employees' }).filter((e) => e.path === '/api/v2/companies/MLC01/employees');
    assert.equal(list.length, 1);
    assert.equal(list[0]?.query['pagesize'], '1');
    assert.equal(sim.log.count({ path: '/api/v2/companies/MLC01/codes/costcenter1' }), 1);
  });

  it('names a company outside the client\'s scope (403) for each API', async () => {
    await helper.load(paylocityConfigNode, flow(), {});
    const report = await test({ clientId: 'mlc-limited-client', clientSecret: 'mlc-limited-secret' });
    assert.equal(report.ok, false);
    assert.equal(report.unauthorized, false);
    const listed = report.checks.filter((c) => !c.skipped);
    assert.ok(listed.length >= 3);
    assert.ok(listed.every((c) => c.status === 403 && /not provisioned for company MLC01/.test(c.error ?? '')));
    assert.match(report.message, /403 everywhere: the API client is not provisioned for company MLC01/);
  });

  it('says a wrong secret is refused at the token URL, in one attempt', async () => {
    await helper.load(paylocityConfigNode, flow(), {});
    const report = await test({ clientId: 'mlc-demo-client', clientSecret: 'Wrong-Secret-55' });
    assert.equal(report.ok, false);
    assert.equal(report.unauthorized, true);
    assert.match(report.message, /refused the client id or secret/);
    assert.deepEqual(report.checks, []);
    assert.equal(sim.log.count({ path: '/IdentityServer/connect/token' }), 1);
    assert.equal(sim.log.count({ path: '/api/' }), 0);
  });

  it('uses the stored secret for the hosts it was saved with, and never sends it to another', async () => {
    await helper.load(paylocityConfigNode, flow(), deployedCredentials);
    const same = await test({ id: 'p', clientId: 'mlc-demo-client', clientSecret: '__PWRD__' });
    assert.equal(same.ok, true, JSON.stringify(same));

    const before = other.log.count({});
    const elsewhere = await test({ id: 'p', clientId: 'mlc-demo-client', clientSecret: '__PWRD__', tokenUrl: `${other.url}/IdentityServer/connect/token` }, 400);
    assert.match(elsewhere.error ?? '', /token URL differs from the deployed node's: type the client secret/);
    const otherApi = await test({ id: 'p', clientId: 'mlc-demo-client', clientSecret: '__PWRD__', apiBase: `${other.url}/api` }, 400);
    assert.match(otherApi.error ?? '', /API base URL or token URL differs/);
    // A switch to Paylocity's own hosts is a new target too.
    const production = await test({ id: 'p', environment: 'production', clientId: 'mlc-demo-client', clientSecret: '__PWRD__' }, 400);
    assert.match(production.error ?? '', /differs from the deployed node's/);
    assert.equal(other.log.count({}), before, 'nothing reached the other host');

    // Typed in the dialog, the secret may go to the other host.
    const typed = await test({ id: 'p', clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret', ...hosts(other) });
    assert.equal(typed.ok, true, JSON.stringify(typed));
  });

  it('refuses a ${NAME} typed into the request, and a form body', async () => {
    await helper.load(paylocityConfigNode, flow(), {});
    const env = await test({ clientId: 'mlc-demo-client', clientSecret: '${HOME}' }, 400);
    assert.match(env.error ?? '', /environment value/);
    await helper.request().post('/mlc-paylocity-config/test').set('Content-Type', 'application/x-www-form-urlencoded').send('clientId=x').expect(415);
  });

  it('gives the deployed node a client that reads through it, closed on redeploy', async () => {
    await helper.load(paylocityConfigNode, flow(), deployedCredentials);
    const node = helper.getNode('p') as unknown as PaylocityConfigNode;
    const client = node.getClient();
    assert.equal(node.getClient(), client, 'one client per config node');
    const employee = await client.getEmployee('1001');
    assert.equal(employee?.employeeId, '1001');
    await helper.unload();
    await assert.rejects(client.getEmployee('1002'), /client was closed/);
  });
});
