// mlc-odoo-config (Test connection, field list, shared client) and mlc-odoo-call in Node-RED,
// against the Odoo sandbox over real sockets, on all three transports.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import odooCallNode = require('../../nodes/odoo/odoo-call');
import { collect, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

const KEY = 'mlc-demo-key';

describe('mlc-odoo-config and mlc-odoo-call', () => {
  let sim: RunningSimulator;

  const flow = (transport: string, call: Record<string, unknown> = {}) => [
    { id: 'tab', type: 'tab' },
    { id: 'odoo', type: 'mlc-odoo-config', name: 'Odoo sandbox', url: sim.url, db: 'mlc_demo', transport, maxAttempts: 2 },
    { id: 'call', z: 'tab', type: 'mlc-odoo-call', odoo: 'odoo', wires: [['out']], ...call },
    { id: 'out', z: 'tab', type: 'helper' },
    { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'tab', type: 'helper' },
  ];
  const creds = (apiKey = KEY) => ({ odoo: { username: 'admin', apiKey } });

  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
    await helper.startServer();
  });
  beforeEach(() => sim.reset());
  afterEach(() => helper.unload());
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });

  for (const transport of ['json2', 'xmlrpc', 'jsonrpc']) {
    it(`runs a model method and a record method over ${transport}`, async () => {
      await helper.load([odooConfigNode, odooCallNode], flow(transport, { model: 'res.partner', method: 'search_count', args: '[[["supplier_rank", ">", 0]]]' }), creds());
      const out = collect('out');
      send('call', { payload: null });
      const [counted] = await out.waitFor(1);
      assert.equal(typeof counted?.['payload'], 'number');
      assert.ok((counted?.['payload'] as number) > 0);
      assert.equal(counted?.['topic'], 'odoo/res.partner');

      send('call', { model: 'res.partner', method: 'read', ids: [1], kwargs: { fields: ['name'] } });
      const [, read] = await out.waitFor(2);
      const rows = read?.['payload'] as Array<{ id: number; name: string }>;
      assert.equal(rows[0]?.id, 1);
      assert.equal(typeof rows[0]?.name, 'string');
    });
  }

  it('sends Odoo faults and bad calls to a Catch node with their code', async () => {
    await helper.load([odooConfigNode, odooCallNode], flow('json2'), creds());
    const caught = collect('caught');
    send('call', { model: 'res.partner', method: 'read', ids: [999999], kwargs: { fields: ['name'] } });
    send('call', { model: 'res.partner', method: '_private' });
    const messages = (await caught.waitFor(2)).map((m) => String((m['error'] as { message: string }).message));
    assert.ok(messages.some((m) => /Record does not exist or has been deleted/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /mlc-odoo-call: method: a public method name/.test(m)), messages.join('\n'));
  });

  it('names the config node on a wrong API key, and shows the key nowhere', async () => {
    const wrong = 'wrong-Odoo-Key-4242';
    await helper.load([odooConfigNode, odooCallNode], flow('xmlrpc', { model: 'res.partner', method: 'search_count', args: '[[]]' }), creds(wrong));
    const caught = collect('caught');
    // The helper re-emits every status() call as a 'call:status' event.
    const call = helper.getNode('call') as unknown as NodeJS.EventEmitter;
    const statuses: unknown[] = [];
    call.on('call:status', (c: { args: unknown[] }) => statuses.push(c.args[0]));
    send('call', { payload: null });
    const [msg] = await caught.waitFor(1);
    const error = msg?.['error'] as { message: string };
    assert.match(error.message, /config node "Odoo sandbox"/);
    assert.match(error.message, /Access Denied|refused/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(!JSON.stringify([msg, statuses]).includes(wrong));
  });

  it('tests a connection from the dialog, with the stored key when the dialog left it unchanged', async () => {
    await helper.load([odooConfigNode, odooCallNode], flow('auto'), creds());
    const fresh = await helper.request().post('/mlc-odoo-config/test').send({ name: 'dialog', url: sim.url, db: 'mlc_demo', transport: 'auto', username: 'admin', apiKey: KEY });
    assert.equal(fresh.status, 200);
    assert.deepEqual({ ...(fresh.body as object), userName: 'x' }, { ok: true, serverVersion: '19.0', transport: 'json2', uid: 2, userName: 'x' });

    const stored = await helper.request().post('/mlc-odoo-config/test').send({ id: 'odoo', url: sim.url, db: 'mlc_demo', transport: 'xmlrpc', username: 'admin', apiKey: '__PWRD__' });
    assert.equal((stored.body as { ok: boolean; transport: string }).ok, true);
    assert.equal((stored.body as { transport: string }).transport, 'xmlrpc');

    const wrongDb = await helper.request().post('/mlc-odoo-config/test').send({ url: sim.url, db: 'nope', transport: 'xmlrpc', username: 'admin', apiKey: KEY });
    assert.equal((wrongDb.body as { ok: boolean }).ok, false);
    assert.match((wrongDb.body as { error: string }).error, /database "nope"|refused/);
    assert.ok(!wrongDb.text.includes(KEY));

    const noUrl = await helper.request().post('/mlc-odoo-config/test').send({ db: 'mlc_demo', username: 'admin', apiKey: KEY });
    assert.match((noUrl.body as { error: string }).error, /url/);
  });

  it('lists a model\'s fields for the editor through the deployed config node', async () => {
    await helper.load([odooConfigNode, odooCallNode], flow('json2'), creds());
    const res = await helper.request().get('/mlc-odoo-config/odoo/fields').query({ model: 'hr.employee' });
    assert.equal(res.status, 200);
    const fields = (res.body as { fields: Array<{ name: string; type: string }> }).fields;
    assert.ok(fields.some((f) => f.name === 'department_id' && f.type === 'many2one'));
    assert.equal((await helper.request().get('/mlc-odoo-config/nope/fields').query({ model: 'hr.employee' })).status, 404);
    assert.equal((await helper.request().get('/mlc-odoo-config/odoo/fields').query({ model: 'Bad Model!' })).status, 400);
  });
});
