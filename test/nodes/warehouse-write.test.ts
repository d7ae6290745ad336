// mlc-warehouse-write with the real mlc-warehouse-config in Node-RED: into the PostgreSQL server (a
// schema of the test's own) and into an embedded PGlite in a temp directory, served on a loopback
// port. Batches report inserted, updated and unchanged; a bad record fails alone on output 2 or to a
// Catch node; Test connection describes the warehouse and keeps the stored password for its host.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { Client } from 'pg';
import { openStore } from '../../lib/store';
import auditNode = require('../../nodes/core/audit');
import storeNode = require('../../nodes/core/store-config');
import warehouseConfigNode = require('../../nodes/warehouse/warehouse-config');
import warehouseWriteNode = require('../../nodes/warehouse/warehouse-write');
import { collect, positioned, send } from '../support/flow-helper';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable, withPgClient } from '../support/postgres';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
interface WarehouseOut {
  action: string;
  table: string;
  batch: { inserted: number; updated: number; unchanged: number; failed: number };
}

const COLUMNS = [
  { name: 'id', type: 'integer', source: '', primaryKey: true },
  { name: 'name', type: 'text', source: '' },
  { name: 'amount_total', type: 'numeric', source: 'amount' },
  { name: 'write_date', type: 'timestamptz', source: '' },
];

function flow(config: Msg, wireFailed = true, extra: Msg[] = []): Msg[] {
  return positioned([
    ...extra,
    { id: 'tab', type: 'tab', label: 'warehouse write' },
    { id: 'wh', type: 'mlc-warehouse-config', name: 'warehouse (test)', ...config },
    { id: 'write', z: 'tab', type: 'mlc-warehouse-write', warehouse: 'wh', table: 'journal_entries', primaryKey: 'id', columns: COLUMNS, archivedWhen: 'active', wires: [['written'], wireFailed ? ['failed'] : []] },
    { id: 'written', z: 'tab', type: 'helper' },
    { id: 'failed', z: 'tab', type: 'helper' },
    { id: 'catch', z: 'tab', type: 'catch', scope: ['write'], wires: [['caught']] },
    { id: 'caught', z: 'tab', type: 'helper' },
  ]);
}

const entry = (id: number, extra: Msg = {}): Msg => ({ payload: { id, name: `MISC/2026/${id}`, amount: 10.1, write_date: '2026-04-01 08:30:00', active: true, ...extra }, mlc: { key: `odoo:account.move:${id}` } });
const out = (msg: Msg | undefined) => msg?.['warehouse'] as WarehouseOut;
const target = (msg: Msg | undefined) => (msg?.['mlc'] as { target: { system: string; entity: string; id: string } }).target;

interface Spy {
  args: unknown[][];
}
const statusTexts = (id: string): string[] => (helper.getNode(id).status as unknown as Spy).args.map((a) => (a[0] as { text?: string }).text ?? '');
/** Resolves when the node shows this status text (the write counts are throttled: the last one comes within a second). */
function statusShown(id: string, text: string): Promise<void> {
  if (statusTexts(id).includes(text)) return Promise.resolve();
  const node = helper.getNode(id) as unknown as { on(event: string, listener: (call: { args: unknown[] }) => void): void };
  return new Promise((resolve) => node.on('call:status', (call) => (call.args[0] as { text?: string } | undefined)?.text === text && resolve()));
}
type Report = { ok: boolean; dialect: string; tables: string[]; error: string; served: { port: number } };
const report = (res: { body: unknown }): Report => res.body as Report;

whenPostgresAvailable('mlc-warehouse-write on PostgreSQL', () => {
  describe('mlc-warehouse-write on PostgreSQL', () => {
    const schema = uniqueSchemaName('mlc_whnode');
    const url = new URL(TEST_PG_URL);
    const config = { dialect: 'postgres', host: url.hostname, port: Number(url.port || 5432), database: url.pathname.slice(1), user: decodeURIComponent(url.username), schema };

    before(() => helper.startServer());
    afterEach(() => helper.unload());
    after(async () => {
      await helper.stopServer();
      await dropSchema(schema);
    });

    it('upserts batches and says per record and per batch what was inserted, updated and unchanged', async () => {
      await helper.load([warehouseConfigNode, warehouseWriteNode], flow(config), { wh: { password: 'pw-not-needed-by-trust' } });
      const written = collect('written');
      const failed = collect('failed');
      for (const id of [1, 2, 3]) send('write', entry(id));
      const first = await written.waitFor(3);
      assert.deepEqual(first.map((m) => out(m).action), ['inserted', 'inserted', 'inserted']);
      assert.deepEqual(out(first[0]).batch, { inserted: 3, updated: 0, unchanged: 0, failed: 0 });
      assert.deepEqual(target(first[1]), { system: 'warehouse', entity: `${schema}.journal_entries`, id: '2', action: 'inserted' });
      assert.equal(out(first[0]).table, `${schema}.journal_entries`);

      send('write', entry(1));
      send('write', entry(2, { amount: '99.99' }));
      send('write', entry(3, { active: false }));
      send('write', entry(4, { amount: 'lots' }));
      const second = (await written.waitFor(6)).slice(3);
      assert.deepEqual(second.map((m) => out(m).action), ['unchanged', 'updated', 'updated']);
      assert.deepEqual(out(second[0]).batch, { inserted: 0, updated: 2, unchanged: 1, failed: 1 });
      const [bad] = await failed.waitFor(1);
      const error = bad?.['error'] as { code: string; message: string; source: { type: string } };
      assert.equal(error.code, 'MLC_WAREHOUSE_INVALID_RECORD');
      assert.match(error.message, /column amount_total \(from amount\) got "lots"; expected numeric/);
      assert.equal(error.source.type, 'mlc-warehouse-write');
      const rows = await withPgClient(async (c) => (await c.query(`SELECT id, amount_total::text AS amount, mlc_archived_at IS NOT NULL AS archived FROM "${schema}".journal_entries ORDER BY id`)).rows);
      assert.deepEqual(rows, [
        { id: 1, amount: '10.1', archived: false },
        { id: 2, amount: '99.99', archived: false },
        { id: 3, amount: '10.1', archived: true },
      ]);
    });

    it('counts unchanged rows apart from changes in the status', async () => {
      await helper.load([warehouseConfigNode, warehouseWriteNode], flow(config), { wh: { password: '' } });
      const written = collect('written');
      send('write', entry(1));
      send('write', entry(2, { name: 'renamed' }));
      send('write', entry(9));
      await written.waitFor(3);
      const texts = statusTexts('write');
      // The schema name is long: the status falls back to the table's own name.
      assert.ok(texts.includes('writing 3 rows to journal_entries'), texts.join(' | '));
      assert.ok(texts.includes('0 new, 0 changed, 1 same, 0 failed'), texts.join(' | '));
      await statusShown('write', '1 new, 1 changed, 1 same, 0 failed');
    });

    it('takes a page (msg.payload an array) as one message: written records out together with keys and targets by position, a bad one alone under its key, all kept in the audit', async () => {
      const dbPath = join(mkdtempSync(join(tmpdir(), 'mlc-whpage-')), 'audit.db');
      const audit = [
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath },
        { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
        { id: 'audited', z: 'tab', type: 'helper' },
      ];
      const wired = flow({ ...config, schema: `${schema}_page` }, true, audit).map((n) => (n['id'] === 'write' ? { ...n, wires: [['written', 'audit'], ['failed', 'audit']] } : n));
      await helper.load([storeNode, auditNode, warehouseConfigNode, warehouseWriteNode], wired, { wh: { password: '' } });
      const written = collect('written');
      const failed = collect('failed');
      const audited = collect('audited');
      const page = (ids: number[], bad: number | null) => ({
        payload: ids.map((id) => ({ id, name: `MISC/2026/${id}`, amount: id === bad ? 'lots' : 10.1, write_date: '2026-04-01 08:30:00', active: true })),
        mlc: { runId: 'run-page', page: 1, keys: ids.map((id) => `odoo:account.move:${id}`) },
      });
      send('write', page([1, 2, 3, 4], 3));
      const [out1] = await written.waitFor(1);
      const [bad] = await failed.waitFor(1);
      assert.deepEqual((out1?.['payload'] as Msg[]).map((r) => r['id']), [1, 2, 4]);
      const mlc = out1?.['mlc'] as { keys: string[]; targets: Array<{ id: string; action: string }>; runId: string };
      assert.deepEqual(mlc.keys, ['odoo:account.move:1', 'odoo:account.move:2', 'odoo:account.move:4']);
      assert.deepEqual(mlc.targets.map((t) => `${t.id}:${t.action}`), ['1:inserted', '2:inserted', '4:inserted']);
      assert.equal(mlc.runId, 'run-page');
      assert.deepEqual(out1?.['warehouse'], { table: `${schema}_page.journal_entries`, page: { inserted: 3, updated: 0, unchanged: 0 }, actions: ['inserted', 'inserted', 'inserted'] });
      assert.equal((bad?.['mlc'] as { key: string }).key, 'odoo:account.move:3');
      assert.equal((bad?.['payload'] as Msg)['id'], 3);
      assert.equal((bad?.['error'] as { code: string }).code, 'MLC_WAREHOUSE_INVALID_RECORD');

      send('write', page([1, 2], null));
      const [again] = (await written.waitFor(2)).slice(1);
      assert.deepEqual((again?.['warehouse'] as { page: unknown }).page, { inserted: 0, updated: 0, unchanged: 2 });
      await audited.waitFor(3);
      await helper.unload();
      const store = await openStore({ kind: 'sqlite', path: dbPath });
      try {
        const records = await Promise.all([1, 2, 3, 4].map((id) => store.get(`odoo:account.move:${id}`)));
        assert.deepEqual(
          records.map((r) => `${r?.status}:${r?.target?.action ?? r?.error?.code}`),
          ['posted:unchanged', 'posted:unchanged', 'failed:MLC_WAREHOUSE_INVALID_RECORD', 'posted:inserted'],
        );
        assert.equal((records[2]?.payload as Msg)['amount'], 'lots', 'the failed record is kept as it was sent, for replay');
        assert.deepEqual((await store.getRun('run-page'))?.counts, { posted: 3, inserted: 3, unchanged: 2, failed: 1 });
      } finally {
        await store.close();
      }
      const rows = await withPgClient(async (c) => (await c.query(`SELECT id FROM "${schema}_page".journal_entries ORDER BY id`)).rows);
      assert.deepEqual(rows.map((r) => r['id']), [1, 2, 4]);
      await dropSchema(`${schema}_page`);
    });

    it('sends each failed record of a page to Catch nodes as its own message when output 2 is not wired', async () => {
      await helper.load([warehouseConfigNode, warehouseWriteNode], flow({ ...config, schema: `${schema}_catch` }, false), { wh: { password: '' } });
      const caught = collect('caught');
      const written = collect('written');
      const inputs = [{ ref: 'A' }, { ref: 'B' }, { ref: 'C' }];
      send('write', { payload: [{ id: 1, amount: 'x' }, { id: 2, amount: 1 }, { id: 3, amount: 'y' }], mlc: { runId: 'r', keys: ['k1', 'k2', 'k3'], readKeys: ['read1', 'k2', 'read3'], inputs } });
      const errors = await caught.waitFor(2);
      assert.deepEqual(
        errors.map((m) => m['mlc']),
        [
          { runId: 'r', key: 'k1', readKey: 'read1', input: { ref: 'A' } },
          { runId: 'r', key: 'k3', readKey: 'read3', input: { ref: 'C' } },
        ],
        'a failed record of a page goes on as a single record would: its key, its read key, the record as read (for replay)',
      );
      assert.deepEqual(errors.map((m) => (m['payload'] as Msg)['id']), [1, 3]);
      assert.deepEqual((await written.waitFor(1))[0]?.['mlc'], { runId: 'r', keys: ['k2'], readKeys: ['k2'], targets: [{ system: 'warehouse', entity: `${schema}_catch.journal_entries`, id: '2', action: 'inserted' }] });
      await dropSchema(`${schema}_catch`);
    });

    it('hands a record the batch could not write to a Catch node when output 2 is not wired', async () => {
      await helper.load([warehouseConfigNode, warehouseWriteNode], flow({ ...config, database: 'no_such_database_mlc' }, false), { wh: { password: 'Secret-Pw-123' } });
      const caught = collect('caught');
      send('write', entry(1));
      const [msg] = await caught.waitFor(1);
      const error = msg?.['error'] as { message: string };
      assert.match(error.message, /no_such_database_mlc/);
      assert.equal(JSON.stringify(msg).includes('Secret-Pw-123'), false);
    });

    it('Test connection reports the server and its tables, and keeps the stored password for its host', async () => {
      await helper.load([warehouseConfigNode, warehouseWriteNode], flow(config), { wh: { password: 'Stored-Pw-456' } });
      const res = await helper.request().post('/mlc-warehouse-config/test').send({ id: 'wh', name: 'warehouse (test)', ...config, password: '__PWRD__' }).expect(200);
      assert.equal(report(res).ok, true, JSON.stringify(res.body));
      assert.equal(report(res).dialect, 'postgres');
      assert.ok(report(res).tables.includes('journal_entries'), JSON.stringify(res.body));
      const elsewhere = await helper.request().post('/mlc-warehouse-config/test').send({ id: 'wh', ...config, host: '127.0.0.2', password: '__PWRD__' }).expect(400);
      assert.match(report(elsewhere).error, /type the password/);
      assert.equal(JSON.stringify(elsewhere.body).includes('Stored-Pw-456'), false);
    });
  });
});

describe('mlc-warehouse-write on the embedded warehouse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-whnode-'));
  before(() => helper.startServer());
  after(async () => {
    await helper.unload();
    await helper.stopServer();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records in the audit store what each write did: inserted, updated, unchanged, with unchanged not counted as posted', async () => {
    const dbPath = join(dir, 'audit.db');
    const audit = [
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath },
      { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
      { id: 'audited', z: 'tab', type: 'helper' },
    ];
    const wired = flow({ dialect: 'embedded', dataDir: join(dir, 'audited'), schema: 'odoo' }, true, audit).map((n) => (n['id'] === 'write' ? { ...n, wires: [['written', 'audit'], ['failed', 'audit']] } : n));
    await helper.load([storeNode, auditNode, warehouseConfigNode, warehouseWriteNode], wired, {});
    const audited = collect('audited');
    const run = (id: number, runId: string, extra: Msg = {}): Msg => {
      const msg = entry(id, extra);
      return { ...msg, mlc: { ...(msg['mlc'] as Msg), runId } };
    };
    send('write', run(1, 'run-1'));
    send('write', run(2, 'run-1'));
    await audited.waitFor(2);
    send('write', run(1, 'run-2'));
    send('write', run(2, 'run-2', { name: 'renamed' }));
    send('write', run(3, 'run-2'));
    await audited.waitFor(5);
    await helper.unload();
    const store = await openStore({ kind: 'sqlite', path: dbPath });
    try {
      const actions = await Promise.all([1, 2, 3].map(async (id) => (await store.get(`odoo:account.move:${id}`))?.target));
      assert.deepEqual(actions, [
        { system: 'warehouse', entity: 'odoo.journal_entries', id: '1', action: 'unchanged' },
        { system: 'warehouse', entity: 'odoo.journal_entries', id: '2', action: 'updated' },
        { system: 'warehouse', entity: 'odoo.journal_entries', id: '3', action: 'inserted' },
      ]);
      assert.deepEqual((await store.getRun('run-1'))?.counts, { posted: 2, inserted: 2 });
      assert.deepEqual((await store.getRun('run-2'))?.counts, { posted: 2, inserted: 1, updated: 1, unchanged: 1 });
    } finally {
      await store.close();
    }
  });

  it('writes into PGlite, serves it on loopback while deployed, and closes it on redeploy', async () => {
    await helper.load([warehouseConfigNode, warehouseWriteNode], flow({ dialect: 'embedded', dataDir: join(dir, 'data'), schema: 'odoo', servePort: '0' }), {});
    const written = collect('written');
    for (const id of [1, 2]) send('write', entry(id));
    assert.deepEqual((await written.waitFor(2)).map((m) => out(m).action), ['inserted', 'inserted']);
    const res = await helper.request().post('/mlc-warehouse-config/test').send({ id: 'wh', dialect: 'embedded', dataDir: join(dir, 'data'), schema: 'odoo', servePort: '0' }).expect(200);
    assert.equal(report(res).dialect, 'embedded', JSON.stringify(res.body));
    assert.deepEqual(report(res).tables, ['journal_entries']);
    const port = report(res).served.port;
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query('SELECT sum(amount_total)::text AS total FROM odoo.journal_entries');
    await client.end();
    assert.deepEqual(rows, [{ total: '20.2' }]);
    await helper.unload();
    const after = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 5000 });
    after.on('error', () => undefined);
    await assert.rejects(after.connect(), /ECONNREFUSED/);
  });
});
