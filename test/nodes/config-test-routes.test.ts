// The Test connection routes of the config nodes, tried as an attacker in the same browser or on
// the same machine would: no form posts; a stored secret is never sent to a URL or host other than
// the one the deployed node saved; `${NAME}` is expanded only from what the deployed node saved,
// never from a request. A capture server stands for the attacker's host and counts what reaches it.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { UkgSimulator } from '../../sandbox/ukg';
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import ukgConfigNode = require('../../nodes/ukg/ukg-config');
import lookerConfigNode = require('../../nodes/looker/looker-config');
import { API_USER as LOOKER_USER, LookerSimulator } from '../../sandbox/looker';

helper.init(require.resolve('node-red'));

const ODOO_KEY = 'mlc-demo-key';
const UKG_PASSWORD = 'mlc-demo-password';
const UKG_API_KEY = 'MLCDM';

interface Captured {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('config nodes: Test connection routes keep stored secrets where they were saved for', () => {
  let odoo: RunningSimulator;
  let ukg: RunningSimulator;
  let looker: RunningSimulator;
  let capture: Server;
  let captureUrl = '';
  const captured: Captured[] = [];

  before(async () => {
    odoo = await startSimulator(new OdooSimulator(), { port: 0 });
    ukg = await startSimulator(new UkgSimulator(), { port: 0 });
    // Test connection lists Looker's connections and runs no query: no warehouse is reached.
    looker = await startSimulator(new LookerSimulator({ warehouse: { url: 'postgres://postgres@127.0.0.1:5432/test', schema: 'odoo' } }), { port: 0 });
    capture = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        captured.push({ url: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const address = capture.address();
    captureUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    captured.length = 0;
    delete process.env['MLC_TEST_ODOO_URL'];
    delete process.env['MLC_TEST_ODOO_KEY'];
    delete process.env['MLC_TEST_STOLEN'];
    delete process.env['MLC_TEST_LOOKER_URL'];
    delete process.env['MLC_TEST_LOOKER_SECRET'];
  });
  after(async () => {
    await helper.stopServer();
    await odoo.close();
    await ukg.close();
    await looker.close();
    await new Promise<void>((resolve) => capture.close(() => resolve()));
  });

  const leaked = (...secrets: string[]) => captured.some((c) => secrets.some((s) => JSON.stringify(c).includes(s) || JSON.stringify(c).includes(Buffer.from(s).toString('base64'))));

  describe('mlc-odoo-config', () => {
    const deployOdoo = (url: string, apiKey = ODOO_KEY) =>
      helper.load(odooConfigNode, [{ id: 'odoo', type: 'mlc-odoo-config', name: 'Odoo', url, db: 'mlc_demo', transport: 'json2' }], { odoo: { username: 'admin', apiKey } });

    it('refuses a form post (a cross-site form could send one) with 415, and sends nothing', async () => {
      await deployOdoo(odoo.url);
      const res = await helper.request().post('/mlc-odoo-config/test').set('content-type', 'application/x-www-form-urlencoded').send(`id=odoo&url=${encodeURIComponent(captureUrl)}&db=x&apiKey=__PWRD__`);
      assert.equal(res.status, 415);
      const text = await helper.request().post('/mlc-odoo-config/test').set('content-type', 'text/plain').send('{"id":"odoo"}');
      assert.equal(text.status, 415);
      assert.equal(captured.length, 0);
    });

    it('uses the stored key only for the saved URL; another URL needs the key typed', async () => {
      await deployOdoo(odoo.url);
      const same = await helper.request().post('/mlc-odoo-config/test').send({ id: 'odoo', url: `${odoo.url}/`, db: 'mlc_demo', transport: 'json2', username: 'admin', apiKey: '__PWRD__' });
      assert.equal((same.body as { ok: boolean }).ok, true, JSON.stringify(same.body));
      const other = await helper.request().post('/mlc-odoo-config/test').send({ id: 'odoo', url: captureUrl, db: 'mlc_demo', transport: 'json2', username: 'admin', apiKey: '__PWRD__' });
      assert.equal(other.status, 400);
      assert.match((other.body as { error: string }).error, /URL differs from the deployed node's: type the API key/);
      const missing = await helper.request().post('/mlc-odoo-config/test').send({ url: captureUrl, db: 'mlc_demo', username: 'admin' });
      assert.equal((missing.body as { ok: boolean }).ok, false, 'no id: nothing stored to use');
      assert.equal(leaked(ODOO_KEY), false, 'the stored key never reached the other host');
      // Typed, it may go anywhere: the user gave it.
      const typed = await helper.request().post('/mlc-odoo-config/test').send({ id: 'odoo', url: captureUrl, db: 'mlc_demo', transport: 'json2', username: 'admin', apiKey: 'typed-by-the-user' });
      assert.equal(typed.status, 200);
      assert.ok(captured.length > 0);
    });

    it('never expands ${NAME} from a request, only from what the deployed node saved', async () => {
      process.env['MLC_TEST_STOLEN'] = 'secret-from-the-environment';
      process.env['MLC_TEST_ODOO_URL'] = odoo.url;
      process.env['MLC_TEST_ODOO_KEY'] = ODOO_KEY;
      await deployOdoo('${MLC_TEST_ODOO_URL}', '${MLC_TEST_ODOO_KEY}');
      const saved = await helper.request().post('/mlc-odoo-config/test').send({ id: 'odoo', url: '${MLC_TEST_ODOO_URL}', db: 'mlc_demo', transport: 'json2', username: 'admin', apiKey: '__PWRD__' });
      assert.equal((saved.body as { ok: boolean }).ok, true, JSON.stringify(saved.body));
      const injected = await helper.request().post('/mlc-odoo-config/test').send({ id: 'odoo', url: captureUrl, db: 'mlc_demo', transport: 'json2', username: 'admin', apiKey: '${MLC_TEST_STOLEN}' });
      assert.equal(injected.status, 400);
      assert.match((injected.body as { error: string }).error, /read only from the deployed node/);
      const injectedUrl = await helper.request().post('/mlc-odoo-config/test').send({ id: 'odoo', url: '${MLC_TEST_STOLEN}', db: 'mlc_demo', apiKey: 'x' });
      assert.equal(injectedUrl.status, 400);
      assert.equal(leaked('secret-from-the-environment', ODOO_KEY), false);
    });
  });

  describe('mlc-ukg-config', () => {
    const deployUkg = () =>
      helper.load(ukgConfigNode, [{ id: 'ukg', type: 'mlc-ukg-config', name: 'UKG', host: ukg.url }], {
        ukg: { username: 'mlc-demo', password: UKG_PASSWORD, customerApiKey: UKG_API_KEY },
      });

    it('refuses a form post with 415', async () => {
      await deployUkg();
      const res = await helper.request().post('/mlc-ukg-config/test').set('content-type', 'application/x-www-form-urlencoded').send(`id=ukg&host=${encodeURIComponent(captureUrl)}`);
      assert.equal(res.status, 415);
      assert.equal(captured.length, 0);
    });

    it('sends the stored password and customer API key only to the saved host', async () => {
      await deployUkg();
      const same = await helper.request().post('/mlc-ukg-config/test').send({ id: 'ukg', host: ukg.url, username: 'mlc-demo', password: '__PWRD__', customerApiKey: '__PWRD__' });
      assert.equal((same.body as { ok: boolean }).ok, true, JSON.stringify(same.body));
      const other = await helper.request().post('/mlc-ukg-config/test').send({ id: 'ukg', host: captureUrl, username: 'mlc-demo', password: '__PWRD__', customerApiKey: '__PWRD__' });
      assert.equal(other.status, 400);
      assert.match((other.body as { error: string }).error, /differs from the deployed node's: type the password/);
      const token = await helper.request().post('/mlc-ukg-config/test').send({ id: 'ukg', host: ukg.url, tokenUrl: `${captureUrl}/token`, clientId: 'x', username: 'mlc-demo', password: '__PWRD__', customerApiKey: '__PWRD__' });
      assert.equal(token.status, 400, 'a new token URL is another target too');
      assert.equal(captured.length, 0);
      assert.equal(leaked(UKG_PASSWORD, UKG_API_KEY), false);
    });
  });

  describe('mlc-looker-config', () => {
    it('sends the stored client secret only to the saved instance, and expands ${NAME} only from the deployed node', async () => {
      process.env['MLC_TEST_STOLEN'] = 'secret-from-the-environment';
      process.env['MLC_TEST_LOOKER_URL'] = looker.url;
      process.env['MLC_TEST_LOOKER_SECRET'] = LOOKER_USER.clientSecret;
      await helper.load(lookerConfigNode, [{ id: 'lk', type: 'mlc-looker-config', name: 'Looker', instanceUrl: '${MLC_TEST_LOOKER_URL}' }], { lk: { clientId: LOOKER_USER.clientId, clientSecret: '${MLC_TEST_LOOKER_SECRET}' } });
      const saved = await helper.request().post('/mlc-looker-config/test').send({ id: 'lk', instanceUrl: '${MLC_TEST_LOOKER_URL}', clientId: LOOKER_USER.clientId, clientSecret: '__PWRD__' });
      assert.equal((saved.body as { ok: boolean }).ok, true, JSON.stringify(saved.body));
      const other = await helper.request().post('/mlc-looker-config/test').send({ id: 'lk', instanceUrl: captureUrl, clientId: LOOKER_USER.clientId, clientSecret: '__PWRD__' });
      assert.equal(other.status, 400);
      assert.match((other.body as { error: string }).error, /instance URL differs from the deployed node's: type the client secret/);
      const injected = await helper.request().post('/mlc-looker-config/test').send({ id: 'lk', instanceUrl: captureUrl, clientId: LOOKER_USER.clientId, clientSecret: '${MLC_TEST_STOLEN}' });
      assert.equal(injected.status, 400);
      assert.match((injected.body as { error: string }).error, /read only from the deployed node/);
      assert.equal(captured.length, 0);
      assert.equal(leaked('secret-from-the-environment', LOOKER_USER.clientSecret), false);
    });
  });
});
