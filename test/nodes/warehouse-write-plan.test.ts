// mlc-warehouse-write in plan-only mode, in real Node-RED on a PostgreSQL schema of the test's own, with
// mlc-audit on a real SQLite store: what each record (and each record of a page) would become, with
// no row version, table or schema touched, the plan kept per record in the store, and the posted plan
// making exactly the planned writes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { NodeAPI } from 'node-red';
import helper from 'node-red-node-test-helper';
import type { PlanMessage } from '../../lib/plan/plan';
import { openStore, type Store } from '../../lib/store';
import { openWarehouse, parseTableSpec, WarehouseWriter, type Warehouse } from '../../lib/warehouse';
import auditNode = require('../../nodes/core/audit');
import { postPlan } from '../../nodes/core/plan-post';
import storeNode = require('../../nodes/core/store-config');
import warehouseConfigNode = require('../../nodes/warehouse/warehouse-config');
import warehouseWriteNode = require('../../nodes/warehouse/warehouse-write');
import { collect, positioned, send } from '../support/flow-helper';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable } from '../support/postgres';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;

const COLUMNS = [
  { name: 'id', type: 'integer', source: '', primaryKey: true },
  { name: 'name', type: 'text', source: '' },
  { name: 'amount_total', type: 'numeric', source: 'amount' },
];

const entry = (id: number, extra: Msg = {}): Msg => ({ id, name: `entry ${id}`, amount: 10.1, active: true, ...extra });
const planOf = (msg: Msg | undefined): PlanMessage => msg?.['plan'] as PlanMessage;
const keyOf = (msg: Msg): string => (msg['mlc'] as { key: string }).key;

whenPostgresAvailable('mlc-warehouse-write in plan-only mode', () => {
  describe('mlc-warehouse-write in plan-only mode on PostgreSQL', () => {
    const schema = uniqueSchemaName('mlc_wh16_node');
    const url = new URL(TEST_PG_URL);
    let dir: string;
    let warehouse: Warehouse;
    let red: NodeAPI | null = null;
    const captureRed = (api: NodeAPI): void => {
      red = api;
    };

    function flow(write: Msg): Msg[] {
      return positioned([
        { id: 'tab', type: 'tab', label: 'plan' },
        { id: 'wh', type: 'mlc-warehouse-config', name: 'warehouse (test)', dialect: 'postgres', host: url.hostname, port: Number(url.port || 5432), database: url.pathname.slice(1), user: decodeURIComponent(url.username), schema },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
        { id: 'write', z: 'tab', type: 'mlc-warehouse-write', warehouse: 'wh', table: 'entries', primaryKey: 'id', columns: COLUMNS, archivedWhen: 'active', ...write, wires: [['audit'], ['audit']] },
        { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
        { id: 'audited', z: 'tab', type: 'helper' },
      ]);
    }
    const load = (write: Msg): Promise<void> => helper.load([warehouseConfigNode, warehouseWriteNode, storeNode, auditNode, captureRed], flow(write), { wh: { password: '' } });
    const rows = (table = 'entries'): Promise<unknown[]> => warehouse.query(`SELECT xmin::text AS version, id, name, amount_total::text AS amount, mlc_archived_at IS NOT NULL AS archived FROM "${schema}"."${table}" ORDER BY id`);
    const withStore = async <T>(work: (store: Store) => Promise<T>): Promise<T> => {
      const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    };

    before(async () => {
      warehouse = await openWarehouse({ dialect: 'postgres', connectionString: TEST_PG_URL, schema });
      await helper.startServer();
    });
    after(async () => {
      await helper.stopServer();
      await warehouse.close();
      await dropSchema(schema);
    });
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'mlc-wh16-plan-'));
      // Emptied, not dropped: the warehouse remembers the tables it made.
      const [table] = await warehouse.query(`SELECT to_regclass($1)::text AS name`, [`"${schema}".entries`]);
      if (table?.['name']) await warehouse.query(`TRUNCATE "${schema}".entries`);
      const spec = parseTableSpec({ schema, table: 'entries', columns: COLUMNS, archivedWhenFalse: 'active' });
      const seeded = await new WarehouseWriter(() => Promise.resolve(warehouse), spec).writeBatch([entry(1), entry(2), entry(3)]);
      assert.ok(seeded.every((o) => o.ok));
    });
    afterEach(async () => {
      await helper.unload();
      rmSync(dir, { recursive: true, force: true });
    });

    it('plans a create, an update naming its old and new values, an archive, an unchanged and a failed record, writes nothing, and posts exactly the planned writes', async () => {
      await load({ planOnly: true });
      const audited = collect('audited');
      const before = await rows();
      const planned = (id: number, extra: Msg = {}): Msg => ({ payload: entry(id, extra), mlc: { key: `wh:${id}`, runId: 'wh-plan' } });
      send('write', planned(1, { amount: '10.10' }));
      send('write', planned(2, { name: 'renamed', amount: 12.5 }));
      send('write', planned(3, { active: false }));
      send('write', planned(4));
      send('write', planned(5, { amount: 'lots' }));
      const out = await audited.waitFor(5);
      const byKey = new Map(out.map((m) => [keyOf(m), planOf(m)]));

      assert.equal(byKey.get('wh:1')?.action, 'unchanged', '10.10 and 10.1 are the same numeric, as the upsert sees them');
      const renamed = byKey.get('wh:2');
      assert.equal(renamed?.action, 'update');
      assert.deepEqual(renamed?.changes, [
        { field: 'name', old: 'entry 2', new: 'renamed' },
        { field: 'amount_total', old: '10.1', new: '12.5' },
      ]);
      assert.equal(renamed?.id, '2');
      assert.equal(renamed?.entity, `${schema}.entries`);
      assert.equal(renamed?.system, 'warehouse');
      const archived = byKey.get('wh:3');
      assert.equal(archived?.action, 'archive');
      assert.deepEqual(archived?.changes.map((c) => [c.field, c.old]), [['mlc_archived_at', null]]);
      const created = byKey.get('wh:4');
      assert.equal(created?.action, 'create');
      assert.deepEqual(created?.changes, [
        { field: 'id', old: null, new: 4 },
        { field: 'name', old: null, new: 'entry 4' },
        { field: 'amount_total', old: null, new: '10.1' },
      ]);
      assert.deepEqual(created?.post, { payload: entry(4) });
      const refused = byKey.get('wh:5');
      assert.equal(refused?.action, 'fail');
      assert.equal(refused?.error?.code, 'MLC_WAREHOUSE_INVALID_RECORD');
      for (const msg of out) assert.equal((msg['mlc'] as { plan?: boolean }).plan, true);
      assert.deepEqual(await rows(), before, 'no row inserted, updated or deleted: every row version as it was');

      await withStore(async (store) => {
        const plan = await store.listPlanEntries('wh-plan');
        assert.deepEqual(plan.map((e) => [e.key, e.action, e.targetId]), [
          ['wh:1', 'unchanged', '1'],
          ['wh:2', 'update', '2'],
          ['wh:3', 'archive', '3'],
          ['wh:4', 'create', '4'],
          ['wh:5', 'fail', null],
        ]);
        assert.equal(plan[0]?.node, 'write');
        assert.equal(await store.count({ keyPrefix: 'wh:' }), 0, 'no record was marked posted or failed');

        assert.ok(red, 'the node API was captured');
        const posted = await postPlan(red, store, 'wh-plan');
        assert.deepEqual([posted.sent, posted.skipped, posted.notDeployed], [3, 2, 0]);
      });
      const written = (await audited.waitFor(8)).slice(5);
      assert.deepEqual(written.map((m) => [keyOf(m), (m['warehouse'] as { action: string }).action]).sort(), [['wh:2', 'updated'], ['wh:3', 'updated'], ['wh:4', 'inserted']]);
      const after = (await rows()) as Array<{ version: string; id: number; name: string; amount: string; archived: boolean }>;
      const was = before as typeof after;
      assert.deepEqual(after.map((r) => [r.id, r.name, r.amount, r.archived]), [[1, 'entry 1', '10.1', false], [2, 'renamed', '12.5', false], [3, 'entry 3', '10.1', true], [4, 'entry 4', '10.1', false]]);
      assert.equal(after[0]?.version, was[0]?.version, 'the unchanged row was not written');
      assert.notEqual(after[1]?.version, was[1]?.version);
      await withStore(async (store) => assert.equal(await store.count({ keyPrefix: 'wh:', status: 'posted' }), 3));
    });

    it('plans each record of a page under its own key and posts only the planned writes of it', async () => {
      await load({});
      const audited = collect('audited');
      const before = await rows();
      send('write', { payload: [entry(2, { name: 'paged' }), entry(7), entry(8, { amount: 'lots' })], mlc: { keys: ['wh:2', 'wh:7', 'wh:8'], runId: 'wh-page', plan: true } });
      const out = await audited.waitFor(3);
      assert.deepEqual(out.map((m) => [keyOf(m), planOf(m).action, (m['payload'] as Msg)['id']]).sort(), [['wh:2', 'update', 2], ['wh:7', 'create', 7], ['wh:8', 'fail', 8]]);
      for (const msg of out) assert.equal((msg['mlc'] as { keys?: unknown }).keys, undefined, 'a record of its own, not a page');
      assert.deepEqual(await rows(), before);
      await withStore(async (store) => {
        assert.deepEqual((await store.listPlanEntries('wh-page')).map((e) => [e.key, e.action]), [['wh:2', 'update'], ['wh:7', 'create'], ['wh:8', 'fail']]);
        assert.ok(red);
        assert.equal((await postPlan(red, store, 'wh-page')).sent, 2);
      });
      await audited.waitFor(5);
      const after = (await rows()) as Array<{ id: number; name: string }>;
      assert.deepEqual(after.map((r) => [r.id, r.name]), [[1, 'entry 1'], [2, 'paged'], [3, 'entry 3'], [7, 'entry 7']]);

      // Without the setting (flows saved before it) an unmarked record is written.
      send('write', { payload: entry(9), mlc: { key: 'wh:9', runId: 'wh-write' } });
      const [, , , , , written] = await audited.waitFor(6);
      assert.equal((written?.['warehouse'] as { action: string }).action, 'inserted');
    });

    it('plans every record as a create when the table does not exist yet, and leaves it absent', async () => {
      await load({ planOnly: true, table: 'fresh_entries' });
      const audited = collect('audited');
      send('write', { payload: entry(1), mlc: { key: 'wh:fresh:1', runId: 'wh-fresh' } });
      const [msg] = await audited.waitFor(1);
      assert.equal(planOf(msg).action, 'create');
      assert.equal(planOf(msg).note, `the table ${schema}.fresh_entries does not exist yet; the write would create it`);
      const [table] = await warehouse.query(`SELECT to_regclass($1)::text AS name`, [`"${schema}".fresh_entries`]);
      assert.equal(table?.['name'], null, 'no table was created');
    });
  });
});
