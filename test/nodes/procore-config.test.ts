// mlc-procore-config: Test connection against the Procore sandbox (the projects the service account sees,
// a wrong secret refused at the token URL, no secret in any answer, a stored secret never sent to a new
// host), and the node as Node-RED loads it.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import type { ProcoreConnectionReport } from '../../lib/procore/connection-test';
import type { ProcoreConfigNode } from '../../nodes/shared/types';
import procoreConfigNode = require('../../nodes/procore/procore-config');
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { PROJECT_IDS, ProcoreSimulator } from '../../sandbox/procore';

helper.init(require.resolve('node-red'));

const COMPANY = '4264807';

describe('mlc-procore-config Test connection against the Procore sandbox', () => {
  let sim: RunningSimulator;
  let other: RunningSimulator;
  const SECRETS = ['mlc-demo-secret', 'mlc-limited-secret', 'Wrong-Secret-55'];

  before(async () => {
    sim = await startSimulator(new ProcoreSimulator(), { port: 0 });
    other = await startSimulator(new ProcoreSimulator(), { port: 0 });
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

  const hosts = (at: RunningSimulator) => ({ environment: 'custom', apiBase: at.url, tokenUrl: `${at.url}/oauth/token` });
  const flow = () => [{ id: 'p', type: 'mlc-procore-config', name: 'Procore sandbox', companyId: COMPANY, ...hosts(sim) }];
  const deployedCredentials = { p: { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } };
  async function test(body: Record<string, unknown>, status = 200): Promise<ProcoreConnectionReport & { error?: string }> {
    const res = await helper.request().post('/mlc-procore-config/test').send({ name: 'Procore sandbox', companyId: COMPANY, ...hosts(sim), ...body }).expect(status);
    const text = JSON.stringify(res.body);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `the answer holds ${secret}: ${text}`);
    return res.body as ProcoreConnectionReport & { error?: string };
  }

  it('gets a token and lists the projects the service account can see', async () => {
    await helper.load(procoreConfigNode, flow(), {});
    const report = await test({ clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' });
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.deepEqual(report.token, { ok: true });
    const listed = (report.projects ?? []).map((p) => p.number).sort();
    assert.deepEqual(listed, ['PRJ-1001', 'PRJ-1002', 'PRJ-1003']);
    assert.ok(report.projects?.some((p) => p.id === String(PROJECT_IDS.riverside)), 'project ids above 2^32 come back whole, as strings');
    assert.match(report.message, /token ok; company 4264807: 3 projects visible: .*PRJ-1001 Riverside Medical Center/);
    const calls = sim.log.entries({ path: '/rest/v1.0/projects' });
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.headers['procore-company-id'], COMPANY);

    const limited = await test({ clientId: 'mlc-limited-client', clientSecret: 'mlc-limited-secret' });
    assert.deepEqual((limited.projects ?? []).map((p) => p.number), ['PRJ-1001']);
  });

  it('says a wrong secret is refused (401) at the token URL, in one attempt, and calls no API', async () => {
    await helper.load(procoreConfigNode, flow(), {});
    const report = await test({ clientId: 'mlc-demo-client', clientSecret: 'Wrong-Secret-55' });
    assert.equal(report.ok, false);
    assert.equal(report.unauthorized, true);
    assert.match(report.message, /refused the client id or secret/);
    const tokenCalls = sim.log.entries({ path: '/oauth/token' });
    assert.deepEqual(tokenCalls.map((e) => e.status), [401]);
    assert.equal(sim.log.count({ path: '/rest/' }), 0);
  });

  it('uses the stored secret for the hosts it was saved with, and never sends it to another', async () => {
    await helper.load(procoreConfigNode, flow(), deployedCredentials);
    const same = await test({ id: 'p', clientId: 'mlc-demo-client', clientSecret: '__PWRD__' });
    assert.equal(same.ok, true, JSON.stringify(same));

    const before = other.log.count({});
    const elsewhere = await test({ id: 'p', clientId: 'mlc-demo-client', clientSecret: '__PWRD__', tokenUrl: `${other.url}/oauth/token` }, 400);
    assert.match(elsewhere.error ?? '', /differs from the deployed node's/);
    const otherApi = await test({ id: 'p', clientId: 'mlc-demo-client', clientSecret: '__PWRD__', apiBase: other.url }, 400);
    assert.match(otherApi.error ?? '', /differs from the deployed node's/);
    // A switch to Procore's own hosts is a new target too.
    const production = await test({ id: 'p', environment: 'production', clientId: 'mlc-demo-client', clientSecret: '__PWRD__' }, 400);
    assert.match(production.error ?? '', /differs from the deployed node's/);
    assert.equal(other.log.count({}), before, 'nothing reached the other host');

    // Typed in the dialog, the secret may go to the other host.
    const typed = await test({ id: 'p', clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret', ...hosts(other) });
    assert.equal(typed.ok, true, JSON.stringify(typed));
  });

  it('gives the deployed node one client that reads through it, closed on redeploy', async () => {
    await helper.load(procoreConfigNode, flow(), deployedCredentials);
    const node = helper.getNode('p') as unknown as ProcoreConfigNode;
    assert.equal(node.companyId(), COMPANY);
    assert.equal(node.configName(), 'Procore sandbox');
    const client = node.getClient();
    assert.equal(node.getClient(), client, 'one client per config node');
    const projects = await client.projects();
    assert.ok(projects.some((p) => p.project_number === 'PRJ-1001'));
    await helper.unload();
    await assert.rejects(client.projects(), /closed/);
  });
});
