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
