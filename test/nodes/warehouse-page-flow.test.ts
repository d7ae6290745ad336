// A warehouse load in pages, end to end in Node-RED: mlc-odoo-read (one message per page, the cursor
// moved only once a page is audited) → mlc-map in batch mode → mlc-warehouse-write → mlc-audit, against
// the Odoo sandbox and a PostgreSQL schema of the test's own. Every vendor lands once; a vendor whose
// value the warehouse refuses fails alone under its own key with the record as read, the read still
// completes (a failed record is done), and the next run reads only what changed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import storeNode = require('../../nodes/core/store-config');
import auditNode = require('../../nodes/core/audit');
import mapNode = require('../../nodes/core/map');
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import odooReadNode = require('../../nodes/odoo/odoo-read');
import warehouseConfigNode = require('../../nodes/warehouse/warehouse-config');
import warehouseWriteNode = require('../../nodes/warehouse/warehouse-write');
import { collect, positioned, send } from '../support/flow-helper';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable, withPgClient } from '../support/postgres';

helper.init(require.resolve('node-red'));

const KEY = 'mlc-demo-key';
const VENDORS = [['supplier_rank', '>', 0]];
type Msg = Record<string, unknown>;

whenPostgresAvailable('a warehouse load in pages', () => {
  describe('a warehouse load in pages: odoo read (pages) → map (batch) → warehouse write → audit', () => {
    let sim: RunningSimulator;
    let dir: string;
    const schema = uniqueSchemaName('mlc_whpages');
    const url = new URL(TEST_PG_URL);

    before(async () => {
      sim = await startSimulator(new OdooSimulator(), { port: 0 });
      await helper.startServer();
      dir = mkdtempSync(join(tmpdir(), 'mlc-whpages-'));
    });
    after(async () => {
      await helper.unload();
      await helper.stopServer();
      await sim.close();
      await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    });

    it('loads every vendor once in pages, keeps a refused one failed under its key with the record as read, and reads only the change next', async () => {
      const client = new OdooClient({ configName: 'test client', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: KEY, transport: 'json2' });
      try {
        const vendors = (await client.searchRead('res.partner', { domain: VENDORS, fields: ['id'], order: 'id asc' })).map((r) => Number(r['id']));
        assert.ok(vendors.length > 7, `the sandbox has ${vendors.length} vendors; pages of 3 need several`);
        const refused = vendors[2] as number;
        // PostgreSQL cannot store a NUL character: the warehouse refuses this one record.
        await client.write('res.partner', [refused], { comment: 'bad\u0000note' });

        const dbPath = join(dir, 'store.sqlite');
        const flow = positioned([
          { id: 'tab', type: 'tab' },
          { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath },
          { id: 'odoo', type: 'mlc-odoo-config', name: 'Odoo sandbox', url: sim.url, db: 'mlc_demo', transport: 'json2', maxAttempts: 2 },
          { id: 'wh', type: 'mlc-warehouse-config', name: 'warehouse', dialect: 'postgres', host: url.hostname, port: Number(url.port || 5432), database: url.pathname.slice(1), user: decodeURIComponent(url.username), schema },
          { id: 'read', z: 'tab', type: 'mlc-odoo-read', odoo: 'odoo', store: 'store', model: 'res.partner', domain: JSON.stringify(VENDORS), fields: 'write_date,name,comment', mode: 'incremental', output: 'page', pageSize: 3, advance: 'audited', auditTimeoutSeconds: 30, keyPrefix: 'warehouse.vendors', wires: [['map'], ['complete']] },
          {
            id: 'map', z: 'tab', type: 'mlc-map', specFrom: 'node', store: 'store', keep: false, keyExpression: '', outputMode: 'batch', tables: [], lookupsFrom: false,
            rules: [
              { op: 'copy', target: 'id', from: 'id', type: 'integer', required: true },
              { op: 'copy', target: 'write_date', from: 'write_date', type: 'string', required: true },
              { op: 'copy', target: 'name', from: 'name', type: 'string', required: false, default: null },
              { op: 'copy', target: 'comment', from: 'comment', type: 'string', required: false, default: null },
            ],
            wires: [['write'], ['audit']],
          },
          {
            id: 'write', z: 'tab', type: 'mlc-warehouse-write', warehouse: 'wh', table: 'vendors', primaryKey: 'id',
            columns: [
              { name: 'id', type: 'integer', source: '', primaryKey: true },
              { name: 'write_date', type: 'timestamptz', source: '' },
              { name: 'name', type: 'text', source: '' },
              { name: 'comment', type: 'text', source: '' },
            ],
            wires: [['audit', 'written'], ['audit', 'failed']],
          },
          { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
          { id: 'written', z: 'tab', type: 'helper' },
          { id: 'failed', z: 'tab', type: 'helper' },
          { id: 'audited', z: 'tab', type: 'helper' },
          { id: 'complete', z: 'tab', type: 'helper' },
          { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', z: 'tab', type: 'helper' },
        ]);
        await helper.load([storeNode, auditNode, mapNode, odooConfigNode, odooReadNode, warehouseConfigNode, warehouseWriteNode], flow, { odoo: { username: 'admin', apiKey: KEY }, wh: { password: '' } });
        const written = collect('written');
        const failed = collect('failed');
        const complete = collect('complete');
        const caught = collect('caught');

        send('read', {});
        const [end] = await complete.waitFor(1);
        assert.equal(caught.messages.length, 0, JSON.stringify(caught.messages.map((m) => m['error'])));
        assert.equal((end?.['payload'] as { read: number }).read, vendors.length);
        const pages = written.messages;
        assert.ok(pages.length >= Math.ceil(vendors.length / 3) - 1, `${pages.length} page messages for ${vendors.length} vendors`);
        const writtenIds = pages.flatMap((m) => (m['payload'] as Msg[]).map((r) => Number(r['id'])));
        assert.deepEqual([...writtenIds].sort((a, b) => a - b), vendors.filter((id) => id !== refused));
        for (const page of pages) {
          const mlc = page['mlc'] as { keys: string[]; targets: Array<{ id: string }> };
          assert.deepEqual(
            mlc.keys.map((k) => k.split(':').slice(0, 4).join(':')),
            (page['payload'] as Msg[]).map((r) => `warehouse.vendors:odoo:res.partner:${String(r['id'])}`),
          );
          assert.deepEqual(mlc.targets.map((t) => Number(t.id)), (page['payload'] as Msg[]).map((r) => Number(r['id'])));
        }
        const [bad] = failed.messages;
        assert.equal(failed.messages.length, 1);
        const badKey = (bad?.['mlc'] as { key: string }).key;
        assert.ok(badKey.startsWith(`warehouse.vendors:odoo:res.partner:${refused}:`), badKey);
        assert.equal(((bad?.['mlc'] as { input: Msg }).input)['id'], refused, 'the record as read rides with the failure, for replay');

        const rows = await withPgClient(async (c) => (await c.query(`SELECT id FROM "${schema}".vendors ORDER BY id`)).rows.map((r) => Number(r['id'])));
        assert.deepEqual(rows, vendors.filter((id) => id !== refused));

        // The next run reads only what changed since: one renamed vendor (the highest id: the rename may fall
        // in the same second as the refused vendor's change, where the cursor orders by id; see settleSeconds).
        const renamed = vendors[vendors.length - 1] as number;
        await client.write('res.partner', [renamed], { name: 'Renamed Vendor Ltd' });
        send('read', {});
        const [, second] = await complete.waitFor(2);
        assert.equal((second?.['payload'] as { read: number }).read, 1);
        const names = await withPgClient(async (c) => (await c.query(`SELECT name FROM "${schema}".vendors WHERE id = $1`, [renamed])).rows);
        assert.deepEqual(names, [{ name: 'Renamed Vendor Ltd' }]);

        await helper.unload();
        const store = await openStore({ kind: 'sqlite', path: dbPath });
        try {
          const record = await store.get(badKey);
          assert.equal(record?.status, 'failed');
          assert.equal(record?.error?.code, 'MLC_WAREHOUSE_INVALID_RECORD');
          assert.equal((record?.input as Msg | null)?.['id'], refused, 'kept with the record as read, so replay maps it again');
          // The renamed vendor is a new key (its write_date is in it): every vendor but the refused one, and the rename.
          const posted = await store.count({ status: 'posted', keyPrefix: 'warehouse.vendors:' });
          assert.equal(posted, vendors.length);
        } finally {
          await store.close();
        }
      } finally {
        client.close();
      }
    });
  });
});
