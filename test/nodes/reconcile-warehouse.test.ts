// mlc-reconcile set to the warehouse, in Node-RED with a real mlc-warehouse-config on a PostgreSQL
// schema of the test's own and a real SQLite store: a run whose rows the table has as counted leaves
// by output 1 and is kept as tied out; a row changed in the table sends its run out of output 2.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import type { ReconcileResult } from '../../lib/reconcile';
import { openStore } from '../../lib/store';
import { openWarehouse, parseTableSpec, type Warehouse } from '../../lib/warehouse';
import reconcileNode = require('../../nodes/core/reconcile');
import storeNode = require('../../nodes/core/store-config');
import warehouseConfigNode = require('../../nodes/warehouse/warehouse-config');
import { collect, positioned, send } from '../support/flow-helper';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable } from '../support/postgres';
import { WAREHOUSE_COLUMNS, sourceLines, writeRun } from '../support/warehouse-run';

helper.init(require.resolve('node-red'));

whenPostgresAvailable('mlc-reconcile on a warehouse', () => {
  describe('mlc-reconcile on a warehouse', () => {
    const schema = uniqueSchemaName('mlc_wh16_recnode');
    const url = new URL(TEST_PG_URL);
    const dir = mkdtempSync(join(tmpdir(), 'mlc-wh16-recnode-'));
    const path = join(dir, 'store.sqlite');
    let warehouse: Warehouse;

    const flow = () =>
      positioned([
        { id: 'tab', type: 'tab' },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path },
        { id: 'wh', type: 'mlc-warehouse-config', name: 'warehouse', dialect: 'postgres', host: url.hostname, port: Number(url.port || 5432), database: url.pathname.slice(1), user: decodeURIComponent(url.username), schema },
        { id: 'reconcile', z: 'tab', type: 'mlc-reconcile', store: 'store', system: 'warehouse', warehouse: 'wh', pageSize: 2, waitSeconds: 5, wires: [['tied'], ['off']] },
        { id: 'tied', z: 'tab', type: 'helper' },
        { id: 'off', z: 'tab', type: 'helper' },
      ]);

    before(async () => {
      warehouse = await openWarehouse({ dialect: 'postgres', connectionString: TEST_PG_URL, schema });
      const spec = parseTableSpec({ schema, table: 'gl_lines', columns: WAREHOUSE_COLUMNS });
      const store = await openStore({ kind: 'sqlite', path });
      try {
        await writeRun(store, warehouse, spec, 'wh-node-tied', sourceLines('N', 5));
        await writeRun(store, warehouse, spec, 'wh-node-off', sourceLines('M', 3));
      } finally {
        await store.close();
      }
      await warehouse.query(`UPDATE "${schema}".gl_lines SET account_code = '2100' WHERE id = 'M-1'`);
      await helper.startServer();
    });
    afterEach(() => helper.unload());
    after(async () => {
      await helper.stopServer();
      await warehouse.close();
      await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    });

    it('reconciles a run written to the warehouse: tied out on output 1 and kept on the run, a changed row off on output 2', async () => {
      await helper.load([reconcileNode, storeNode, warehouseConfigNode], flow(), { wh: { password: '' } });
      const tied = collect('tied');
      const off = collect('off');
      send('reconcile', { mlc: { runId: 'wh-node-tied' } });
      const [msg] = await tied.waitFor(1);
      const result = msg?.['payload'] as ReconcileResult;
      assert.equal(result.status, 'tied', result.summary);
      assert.deepEqual(result.records, { expected: 5, found: 5 });
      assert.deepEqual([result.pages, result.readCalls], [3, 3]);
      assert.equal(result.summary, 'tied out: 5 record(s), amount 1,349.72');

      send('reconcile', { mlc: { runId: 'wh-node-off' } });
      const [offMsg] = await off.waitFor(1);
      const offResult = offMsg?.['payload'] as ReconcileResult;
      assert.equal(offResult.status, 'off');
      assert.match(offResult.summary, /account 6100: amount off by -1,234.56/);
      assert.match(offResult.summary, /account 2100: amount off by \+1,234.56/);

      const store = await openStore({ kind: 'sqlite', path });
      try {
        const kept = await store.listReconciliations(['wh-node-tied', 'wh-node-off']);
        assert.deepEqual(kept.map((k) => [k.runId, k.status]).sort(), [['wh-node-off', 'off'], ['wh-node-tied', 'tied']]);
      } finally {
        await store.close();
      }
    });
  });
});
