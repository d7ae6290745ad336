// A server that quotes the API key back in its error, seen through the nodes: the write node's
// msg.error, its status, Node-RED's log, the audit record in the store and the sidebar's view of it
// hold no trace of the key, on every Odoo transport.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { openStore } from '../../lib/store';
import storeNode = require('../../nodes/core/store-config');
import auditNode = require('../../nodes/core/audit');
import sidebarPlugin = require('../../nodes/core/audit-sidebar');
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import odooWriteNode = require('../../nodes/odoo/odoo-write');
import lookerConfigNode = require('../../nodes/looker/looker-config');
import lookerNode = require('../../nodes/looker/looker');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

const KEY = 'echoed-Odoo-Key-31337';

describe('a secret a server echoes back reaches no node output, status, log, store or sidebar', () => {
  let server: Server;
  let url = '';
  let dir = '';

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url?.startsWith('/xmlrpc') || req.url?.startsWith('/jsonrpc')) {
          res.writeHead(502, { 'content-type': 'text/html', 'x-echo': KEY }).end(`<html><body>Bad gateway for key ${KEY}</body></html>`);
        } else {
          res.writeHead(500, { 'content-type': 'text/plain', 'x-echo': KEY }).end(`Internal error: key ${KEY} rejected`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });
  after(async () => {
    await helper.stopServer();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  for (const transport of ['json2', 'xmlrpc', 'jsonrpc']) {
    it(`over ${transport}`, async () => {
      dir = mkdtempSync(join(tmpdir(), 'mlc-echo-'));
      const path = join(dir, 'store.sqlite');
      await helper.load(
        [storeNode, auditNode, sidebarPlugin, odooConfigNode, odooWriteNode],
        positioned([
          { id: 'tab', type: 'tab', label: 'echo' },
          { id: 'store', type: 'mlc-store', backend: 'sqlite', path },
          { id: 'odoo', type: 'mlc-odoo-config', name: 'echo', url, db: 'db', transport, maxAttempts: 1 },
          { id: 'write', z: 'tab', type: 'mlc-odoo-write', odoo: 'odoo', model: 'res.partner', operation: 'upsert', matchBy: 'xmlid', wires: [['audit'], ['audit']] },
          { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', wires: [['audited']] },
          { id: 'audited', z: 'tab', type: 'helper' },
        ]),
        { odoo: { username: 'admin', apiKey: KEY } },
      );
      const statuses: unknown[] = [];
      (helper.getNode('write') as unknown as NodeJS.EventEmitter).on('call:status', (c: { args: unknown[] }) => statuses.push(c.args[0]));
      const audited = collect('audited');
      send('write', { payload: { name: 'Echo Vendor' }, mlc: { key: `echo:${transport}` } });
      const [msg] = await audited.waitFor(1);
      const store = await openStore({ kind: 'sqlite', path });
      try {
        const record = await store.get(`echo:${transport}`);
        assert.equal(record?.status, 'failed');
        const sidebar = await helper.request().get('/mlc-audit-sidebar/stores/store/record').query({ key: `echo:${transport}` });
        const logs = ((helper.log() as unknown as { args: unknown[][] }).args ?? []).map((args) => JSON.stringify(args));
        const everything = JSON.stringify({ msg, statuses, record, sidebar: sidebar.body, logs });
        assert.ok(everything.includes('echo') && record?.error?.message, 'the failure itself is recorded');
        assert.ok(!everything.includes(KEY), `the key leaked: ${everything.slice(0, 2000)}`);
      } finally {
        await store.close();
      }
    });
  }
});

const LOOKER_SECRET = 'echoed-Looker-Secret-8080';
const LOOKER_TOKEN = 'echoed-looker-token-9090';

describe('a Looker that quotes the client secret and the token back reaches no msg.error, status or log', () => {
  let server: Server;
  let url = '';

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/api/4.0/login') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: LOOKER_TOKEN, token_type: 'Bearer', expires_in: 3600 }));
        } else if (req.url?.startsWith('/api/4.0/queries')) {
          res.writeHead(422, { 'content-type': 'application/json' }).end(
            JSON.stringify({ message: `Validation Failed for ${LOOKER_SECRET}`, documentation_url: `https://docs.example/${LOOKER_TOKEN}`, errors: [{ field: 'fields', code: 'invalid', message: `token ${LOOKER_TOKEN}` }] }),
          );
        } else {
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `internal error with ${LOOKER_SECRET} and ${LOOKER_TOKEN}` }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
  });
  after(async () => {
    await helper.stopServer();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  for (const operation of ['inline-query', 'models']) {
    it(`${operation} (${operation === 'models' ? '500' : '422 with field errors'})`, async () => {
      await helper.load(
        [lookerConfigNode, lookerNode],
        positioned([
          { id: 'tab', type: 'tab', label: 'echo' },
          { id: 'lk', type: 'mlc-looker-config', name: 'echo', instanceUrl: url, maxAttempts: 1 },
          { id: 'looker', z: 'tab', type: 'mlc-looker', looker: 'lk', operation, model: 'm', explore: 'e', fields: 'e.f', wires: [[]] },
          { id: 'catch', z: 'tab', type: 'catch', scope: ['looker'], wires: [['caught']] },
          { id: 'caught', z: 'tab', type: 'helper' },
        ]),
        { lk: { clientId: 'echo-client', clientSecret: LOOKER_SECRET } },
      );
      const statuses: unknown[] = [];
      (helper.getNode('looker') as unknown as NodeJS.EventEmitter).on('call:status', (c: { args: unknown[] }) => statuses.push(c.args[0]));
      const caught = collect('caught');
      send('looker', { payload: 1 });
      const [msg] = await caught.waitFor(1);
      const logs = ((helper.log() as unknown as { args: unknown[][] }).args ?? []).map((args) => JSON.stringify(args));
      const everything = JSON.stringify({ msg, statuses, logs });
      assert.match(JSON.stringify(msg), /looker (inline query|models) failed/, 'the failure itself is reported');
      assert.ok(!everything.includes(LOOKER_SECRET) && !everything.includes(LOOKER_TOKEN), `a secret leaked: ${everything.slice(0, 2000)}`);
    });
  }
});
