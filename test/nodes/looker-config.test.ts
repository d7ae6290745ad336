// mlc-looker-config's Test connection against the Looker sandbox: the API user and the warehouse
// connections reported, a wrong secret refused, no secret in any answer, and a stored secret never
// sent to an instance other than the saved one (a capture server stands for another host).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import type { LookerConnectionReport } from '../../lib/looker/connection-test';
import lookerConfigNode = require('../../nodes/looker/looker-config');
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { API_USER, CONNECTION_NAME, LookerSimulator } from '../../sandbox/looker';
import { startCaptureServer, type CaptureServer } from '../support/capture-server';

helper.init(require.resolve('node-red'));

const SCHEMA = 'mlc_looker_config_test';

describe('mlc-looker-config Test connection against the Looker sandbox', () => {
  let sim: RunningSimulator;
  let capture: CaptureServer;

  before(async () => {
    // Test connection lists connections and never queries the warehouse: no database is needed here.
    sim = await startSimulator(new LookerSimulator({ warehouse: { url: 'postgres://postgres@127.0.0.1:5432/test', schema: SCHEMA } }), { port: 0 });
    capture = await startCaptureServer('{"access_token":"x","expires_in":3600}');
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    sim.reset();
    capture.requests.length = 0;
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
    await capture.close();
  });

  const deploy = () =>
    helper.load(lookerConfigNode, [{ id: 'lk', type: 'mlc-looker-config', name: 'Looker sandbox', instanceUrl: sim.url }], { lk: { clientId: API_USER.clientId, clientSecret: API_USER.clientSecret } });
  async function test(body: Record<string, unknown>): Promise<LookerConnectionReport> {
    const res = await helper.request().post('/mlc-looker-config/test').send({ name: 'Looker sandbox', instanceUrl: sim.url, ...body }).expect(200);
    const text = JSON.stringify(res.body);
    for (const secret of [API_USER.clientSecret, 'Wrong-Secret-77']) assert.ok(!text.includes(secret), `the answer holds ${secret}: ${text}`);
    return res.body as LookerConnectionReport;
  }

  it('reports the API user and the warehouse connections, and logs out after', async () => {
    await deploy();
    const report = await test({ id: 'lk', clientId: API_USER.clientId, clientSecret: '__PWRD__' });
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.user?.displayName, API_USER.displayName);
    assert.deepEqual(
      report.connections.map((c) => [c.name, c.dialect, c.schema]),
      [[CONNECTION_NAME, 'postgres', SCHEMA]],
    );
    assert.match(report.message, new RegExp(`logged in as ${API_USER.displayName}; connections: ${CONNECTION_NAME} \\(postgres\\)`));
    assert.equal(sim.log.count({ method: 'DELETE', path: '/api/4.0/logout' }), 1);
  });

  it('a wrong secret: refused, unauthorized, the secret nowhere in the answer', async () => {
    await deploy();
    const report = await test({ id: 'lk', clientId: API_USER.clientId, clientSecret: 'Wrong-Secret-77' });
    assert.equal(report.ok, false);
    assert.equal(report.unauthorized, true);
    assert.match(report.message, /Looker refused the login .*\(404\): Not found/);
  });

  it('never sends the stored secret to another instance; typed there, it is used', async () => {
    await deploy();
    const res = await helper.request().post('/mlc-looker-config/test').send({ id: 'lk', name: 'Looker sandbox', instanceUrl: capture.url, clientId: API_USER.clientId, clientSecret: '__PWRD__' });
    assert.equal(res.status, 400);
    assert.match(String((res.body as { error?: string }).error), /instance URL differs from the deployed node's: type the client secret/);
    assert.equal(capture.requests.length, 0);
    assert.equal(sim.log.count({ method: 'POST', path: '/api/4.0/login' }), 0);

    const typed = await helper.request().post('/mlc-looker-config/test').send({ id: 'lk', name: 'Looker sandbox', instanceUrl: capture.url, clientId: 'someone', clientSecret: 'typed-secret' });
    assert.equal(typed.status, 200);
    assert.ok(capture.requests.some((c) => c.url === '/api/4.0/login' && c.body.includes('typed-secret')), 'the typed secret went where the user typed');
    assert.ok(!capture.requests.some((c) => JSON.stringify(c).includes(API_USER.clientSecret)));
  });

  it('refuses a form post (a cross-site form could send one) and an instance URL over plain http to another host', async () => {
    await deploy();
    const form = await helper.request().post('/mlc-looker-config/test').set('content-type', 'application/x-www-form-urlencoded').send(`id=lk&instanceUrl=${encodeURIComponent(capture.url)}`);
    assert.equal(form.status, 415);
    const report = (await helper.request().post('/mlc-looker-config/test').send({ instanceUrl: 'http://looker.example.com', clientId: 'a', clientSecret: 'b' }).expect(200)).body as { ok: boolean; error: string };
    assert.equal(report.ok, false);
    assert.match(report.error, /must start with https:\/\//);
  });
});
