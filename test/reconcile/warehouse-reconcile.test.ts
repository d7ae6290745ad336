// Reconciling runs written to a warehouse table on PostgreSQL (a schema of the test's own), with a real
// SQLite store: control totals from the source records, rows written by the pack's writer, read back
// by primary key one SELECT per page of written records (counted as they reach the database); a value
// changed in the table behind the pack's back, and a row deleted, make the run off and say where.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { reconcileRun, warehouseReadBack } from '../../lib/reconcile';
import { openStore, type Store } from '../../lib/store';
import { openWarehouse, parseTableSpec, type TableSpec, type Warehouse } from '../../lib/warehouse';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable } from '../support/postgres';
import { WAREHOUSE_COLUMNS, sourceLines, writeRun } from '../support/warehouse-run';

whenPostgresAvailable('reconciling runs against a PostgreSQL warehouse', () => {
  describe('reconciling runs against a PostgreSQL warehouse', () => {
    const schema = uniqueSchemaName('mlc_wh16_rec');
    const dir = mkdtempSync(join(tmpdir(), 'mlc-wh16-reconcile-'));
    let warehouse: Warehouse;
    let store: Store;
    let spec: TableSpec;
    const selects: string[] = [];
    const counted = (): Promise<Pick<Warehouse, 'query'>> =>
      Promise.resolve({
        query: <T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> => {
          selects.push(sql);
          return warehouse.query<T>(sql, params);
        },
      });

    before(async () => {
      warehouse = await openWarehouse({ dialect: 'postgres', connectionString: TEST_PG_URL, schema });
      store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
      spec = parseTableSpec({ schema, table: 'gl_lines', columns: WAREHOUSE_COLUMNS });
    });
    after(async () => {
      await store.close();
      await warehouse.close();
      await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    });

    it('ties a run out to the cent with one SELECT per page of written records', async () => {
      await writeRun(store, warehouse, spec, 'wh-tied', sourceLines('T', 7));
      const adapter = warehouseReadBack(counted);
      selects.length = 0;
      const result = await reconcileRun(store, 'wh-tied', adapter, { pageSize: 3 });
      assert.equal(result.status, 'tied', result.summary);
      assert.deepEqual(result.records, { expected: 7, found: 7 });
      assert.deepEqual(result.totals, [{ measure: 'amount', expected: 123456 + 7 + 1010 + 9999 + 500 + 123456 + 7, found: 123456 + 7 + 1010 + 9999 + 500 + 123456 + 7 }]);
      assert.deepEqual([result.pages, result.readCalls], [3, 3]);
      const rowReads = selects.filter((sql) => sql.includes('"gl_lines"'));
      assert.equal(rowReads.length, 3, 'one SELECT of rows per page');
      assert.equal(selects.length, 4, 'and the table key from the catalog, once');

      selects.length = 0;
      const again = await reconcileRun(store, 'wh-tied', adapter, { pageSize: 3 });
      assert.equal(again.status, 'tied');
      assert.equal(selects.length, 3, 'the key is known now: exactly one call per page');
    });

    it('is off when a value changed behind the pack, naming the record, the dimension and the difference, and counts a deleted row as missing', async () => {
      await writeRun(store, warehouse, spec, 'wh-off', sourceLines('O', 5));
      await warehouse.query(`UPDATE "${schema}".gl_lines SET amount_total = amount_total + 10 WHERE id = 'O-2'`);
      await warehouse.query(`DELETE FROM "${schema}".gl_lines WHERE id = 'O-4'`);
      const result = await reconcileRun(store, 'wh-off', warehouseReadBack(counted), { pageSize: 2 });
      assert.equal(result.status, 'off');
      assert.deepEqual(result.records, { expected: 5, found: 4 });
      const find = (dimension: string, value: string, measure: string) => result.differences.find((d) => d.dimension === dimension && d.value === value && d.measure === measure);
      assert.deepEqual(find('record', 'wh:O-2', 'amount'), { dimension: 'record', value: 'wh:O-2', label: null, measure: 'amount', expected: 7, found: 1007, off: 1000 });
      assert.equal(find('account', '6100', 'amount')?.off, 1000, 'the account the changed row is under');
      assert.equal(find('cost center', 'CC-300', 'amount')?.off, 1000 - 9999, 'O-2 up 10.00, O-4 (99.99) gone, both CC-300');
      assert.equal(find('record', 'wh:O-4', 'count')?.off, -1);
      assert.match(result.summary, /record wh:O-4: 1 record\(s\) missing in the target/);
      assert.match(result.summary, /record wh:O-2: amount off by \+10.00/);
    });
  });
});
