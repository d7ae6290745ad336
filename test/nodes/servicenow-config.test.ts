// mlc-servicenow-config: Test connection against the ServiceNow sandbox (the user and its roles, each
// table read and write-checked, the table an ACL refuses named, a wrong password refused, no secret in
// any answer, a stored secret never sent to another instance, nothing written by the write check), and
// the node as Node-RED loads it.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import type { ServiceNowConnectionReport } from '../../lib/servicenow/connection-test';
import type { ServiceNowConfigNode } from '../../nodes/shared/types';
import serviceNowConfigNode = require('../../nodes/servicenow/servicenow-config');
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { INTEGRATION_USER, NO_ROLES_USER, OAUTH_CLIENT, ServiceNowSimulator, VIEWER_USER } from '../../sandbox/servicenow';

helper.init(require.resolve('node-red'));

const TABLES = 'cmn_cost_center, sn_fin_supplier sn_fcms_intg_imp_order';

describe('mlc-servicenow-config Test connection against the ServiceNow sandbox', () => {
  let sim: RunningSimulator;
  let other: RunningSimulator;
  const SECRETS = [INTEGRATION_USER.password, VIEWER_USER.password, NO_ROLES_USER.password, OAUTH_CLIENT.clientSecret, 'Wrong-Password-55'];

  before(async () => {
    sim = await startSimulator(new ServiceNowSimulator(), { port: 0 });
    other = await startSimulator(new ServiceNowSimulator(), { port: 0 });
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

  const flow = (extra: Record<string, unknown> = {}) => [{ id: 'sn', type: 'mlc-servicenow-config', name: 'ServiceNow sandbox', instanceUrl: sim.url, authMode: 'oauth-password', tables: TABLES, ...extra }];
  const deployedCredentials = { sn: { user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password, clientId: OAUTH_CLIENT.clientId, clientSecret: OAUTH_CLIENT.clientSecret } };
  async function test(body: Record<string, unknown>, status = 200): Promise<ServiceNowConnectionReport & { error?: string }> {
    const res = await helper.request().post('/mlc-servicenow-config/test').send({ name: 'ServiceNow sandbox', instanceUrl: sim.url, authMode: 'oauth-password', tables: TABLES, ...body }).expect(status);
    const text = JSON.stringify(res.body);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `the answer holds ${secret}: ${text}`);
    return res.body as ServiceNowConnectionReport & { error?: string };
  }
  const oauth = { user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password, clientId: OAUTH_CLIENT.clientId, clientSecret: OAUTH_CLIENT.clientSecret };

  it('reports the user and its roles, and reads and write-checks each table without writing', async () => {
    await helper.load(serviceNowConfigNode, flow(), {});
    const report = await test(oauth);
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.user?.userName, INTEGRATION_USER.userName);
    assert.deepEqual([...(report.user?.roles ?? [])].sort(), [...INTEGRATION_USER.roles].sort());
    assert.deepEqual(report.tables.map((t) => [t.table, t.read.ok, t.write.ok]), [
      ['cmn_cost_center', true, true],
      ['sn_fin_supplier', true, true],
      ['sn_fcms_intg_imp_order', true, true],
    ]);
    assert.match(report.message, /token ok as mlc\.integration .*3 of 3 tables readable and writable/);
    const probes = sim.log.entries({ method: 'PATCH' });
    assert.equal(probes.length, 3);
    assert.ok(probes.every((e) => e.status === 404), 'every write check ended at the record lookup');
    assert.equal(sim.log.count({ method: 'POST', path: '/api/now/' }), 0, 'nothing was created');
  });

  it('names the tables an ACL refuses: writes for a read-only user, everything for a user without roles (Basic)', async () => {
    await helper.load(serviceNowConfigNode, flow(), {});
    const viewer = await test({ authMode: 'basic', user: VIEWER_USER.userName, password: VIEWER_USER.password });
    assert.equal(viewer.ok, false);
    assert.equal(viewer.unauthorized, false);
    assert.ok(viewer.tables.filter((t) => t.table !== 'sn_fcms_intg_imp_order').every((t) => t.read.ok && !t.write.ok && t.write.status === 403), JSON.stringify(viewer.tables));
    assert.match(viewer.tables[0]?.write.error ?? '', /an ACL refuses writing cmn_cost_center/);
    assert.match(viewer.message, /an ACL refuses cmn_cost_center, sn_fin_supplier/);

    const none = await test({ authMode: 'basic', user: NO_ROLES_USER.userName, password: NO_ROLES_USER.password });
    assert.equal(none.ok, false);
    assert.deepEqual(none.user?.roles, []);
    assert.ok(none.tables.every((t) => !t.read.ok && t.read.status === 403 && !t.write.ok), JSON.stringify(none.tables));
    assert.match(none.tables[0]?.read.error ?? '', /an ACL refuses reading cmn_cost_center: User Not Authorized/);
  });

  it('says a wrong password is refused at /oauth_token.do in one attempt and calls no API; with Basic, 401 at the first call', async () => {
    await helper.load(serviceNowConfigNode, flow(), {});
    const report = await test({ ...oauth, password: 'Wrong-Password-55' });
    assert.equal(report.ok, false);
    assert.equal(report.unauthorized, true);
    assert.match(report.message, /refused the OAuth client or the user name and password/);
    assert.deepEqual(sim.log.entries({ path: '/oauth_token.do' }).map((e) => e.status), [401]);
    assert.equal(sim.log.count({ path: '/api/' }), 0);

    const basic = await test({ authMode: 'basic', user: INTEGRATION_USER.userName, password: 'Wrong-Password-55' });
    assert.equal(basic.unauthorized, true);
    assert.equal(basic.ok, false);
  });

  it('refuses an http:// instance URL that is not this machine, before sending anything', async () => {
    await helper.load(serviceNowConfigNode, flow(), {});
    const report = await test({ ...oauth, instanceUrl: 'http://example.service-now.com' });
    assert.equal(report.ok, false);
    assert.match(report.error ?? '', /must start with https:\/\//);
  });

  it('uses the stored secrets for the instance they were saved with, and never sends them to another', async () => {
    await helper.load(serviceNowConfigNode, flow(), deployedCredentials);
    const same = await test({ id: 'sn', user: INTEGRATION_USER.userName, password: '__PWRD__', clientId: OAUTH_CLIENT.clientId, clientSecret: '__PWRD__' });
    assert.equal(same.ok, true, JSON.stringify(same));

    const before = other.log.count({});
    const elsewhere = await test({ id: 'sn', instanceUrl: other.url, user: INTEGRATION_USER.userName, password: '__PWRD__', clientId: OAUTH_CLIENT.clientId, clientSecret: '__PWRD__' }, 400);
    assert.match(elsewhere.error ?? '', /instance URL differs from the deployed node's/);
    assert.equal(other.log.count({}), before, 'nothing reached the other instance');

    const typed = await test({ id: 'sn', instanceUrl: other.url, ...oauth });
    assert.equal(typed.ok, true, JSON.stringify(typed));
  });

  it('gives the deployed node one client that reads through it, closed on redeploy', async () => {
    await helper.load(serviceNowConfigNode, flow(), deployedCredentials);
    const node = helper.getNode('sn') as unknown as ServiceNowConfigNode;
    assert.equal(node.configName(), 'ServiceNow sandbox');
    const client = node.getClient();
    assert.equal(node.getClient(), client, 'one client per config node');
    assert.equal(client.settings.concurrency, 4);
    const rows = await client.list('cmn_cost_center', { fields: ['code'] });
    assert.ok(rows.length > 0);
    await helper.unload();
    await assert.rejects(client.list('cmn_cost_center'), /closed/);
  });

  it('a node without usable settings says what is missing when asked for its client', async () => {
    await helper.load(serviceNowConfigNode, flow({ authMode: 'basic' }), { sn: { user: INTEGRATION_USER.userName } });
    const node = helper.getNode('sn') as unknown as ServiceNowConfigNode;
    assert.throws(() => node.getClient(), /mlc-servicenow-config "ServiceNow sandbox": password: the password is required for basic/);
  });
});
