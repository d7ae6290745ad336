// The warehouse planner on a real PostgreSQL server and an embedded PGlite: each record planned as the
// writer would treat it (create, update naming old and new as the database gives them, archive,
// unchanged, fail), checked against what the writer then really does with the same batch, with one
// lookup per batch and no row, table or schema touched by the plan.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openWarehouse, parseTableSpec, WarehousePlanner, WarehouseWriter, type TableSpec, type Warehouse, type WarehousePlanOutcome } from '../../lib/warehouse';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable } from '../support/postgres';

const COLUMNS = [
  { name: 'id', type: 'integer', primaryKey: true },
  { name: 'name', type: 'text' },
  { name: 'amount', type: 'numeric' },
  { name: 'posted_on', type: 'date' },
  { name: 'tags', type: 'jsonb' },
] as const;

const entry = (id: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id, name: `entry ${id}`, amount: 10.1, posted_on: '2026-04-01', tags: { cc: 'CC-200' }, active: true, ...extra });

/** The warehouse with its SELECTs counted: the lookups the planner makes go through query(). */
function counted(warehouse: Warehouse): { warehouse: Pick<Warehouse, 'query'>; selects: string[] } {
  const selects: string[] = [];
  return {
    selects,
    warehouse: {
      query: <T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> => {
        selects.push(sql);
        return warehouse.query<T>(sql, params);
      },
    },
  };
}

const summary = (outcomes: WarehousePlanOutcome[]): string[] => outcomes.map((o) => (o.ok ? o.action : `fail ${o.error.code}`));

function planContract(open: () => Promise<{ warehouse: Warehouse; schema: string }>): void {
  let warehouse: Warehouse;
  let spec: TableSpec;

  before(async () => {
    const opened = await open();
    warehouse = opened.warehouse;
    spec = parseTableSpec({ schema: opened.schema, table: 'entries', columns: [...COLUMNS], archivedWhenFalse: 'active' });
  });

  const snapshot = (): Promise<unknown[]> => warehouse.query(`SELECT xmin::text AS version, * FROM "${spec.schema}".entries ORDER BY id`);

  it('plans every record of a table that does not exist yet as a create and creates neither schema nor table', async () => {
    const { warehouse: reader, selects } = counted(warehouse);
    const planner = new WarehousePlanner(() => Promise.resolve(reader), spec);
    const outcomes = await planner.writeBatch([entry(1), entry(2, { active: false })]);
    assert.deepEqual(summary(outcomes), ['create', 'create']);
    const first = outcomes[0] as Extract<WarehousePlanOutcome, { ok: true }>;
    assert.equal(first.id, '1');
    assert.equal(first.note, `the table ${spec.schema}.entries does not exist yet; the write would create it`);
    assert.deepEqual(first.changes, [
      { field: 'id', old: null, new: 1 },
      { field: 'name', old: null, new: 'entry 1' },
      { field: 'amount', old: null, new: '10.1' },
      { field: 'posted_on', old: null, new: '2026-04-01' },
      { field: 'tags', old: null, new: { cc: 'CC-200' } },
    ]);
    assert.ok((outcomes[1] as Extract<WarehousePlanOutcome, { ok: true }>).changes.some((c) => c.field === 'mlc_archived_at' && c.old === null && c.new !== null), 'an archived record is created archived');
    assert.equal(selects.length, 2, 'the columns, and one lookup for the batch');
    const [schemaLeft] = await warehouse.query(`SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = $1`, [spec.schema]);
    assert.equal(schemaLeft?.['n'], 0, 'no schema was created');
  });

  it('plans create, update, archive, unchanged and fail as the writer then does, reading only', async () => {
    const writer = new WarehouseWriter(() => Promise.resolve(warehouse), spec);
    await writer.writeBatch([entry(1), entry(2), entry(3), entry(4, { active: false })]);
    const before = await snapshot();

    const { warehouse: reader, selects } = counted(warehouse);
    const planner = new WarehousePlanner(() => Promise.resolve(reader), spec);
    const batch = [
      entry(1, { amount: '10.10', tags: { cc: 'CC-200' } }),
      entry(2, { name: 'renamed', amount: 99.99 }),
      entry(3, { active: false }),
      entry(4, { active: false }),
      entry(5),
      entry(6, { amount: 'lots' }),
      entry(7, { name: 'first' }),
      entry(7, { name: 'second' }),
    ];
    const outcomes = await planner.writeBatch(batch);
    assert.deepEqual(summary(outcomes), ['unchanged', 'update', 'archive', 'unchanged', 'create', 'fail MLC_WAREHOUSE_INVALID_RECORD', 'unchanged', 'create']);
    const ok = (i: number) => outcomes[i] as Extract<WarehousePlanOutcome, { ok: true }>;
    assert.deepEqual(ok(1).changes, [
      { field: 'name', old: 'entry 2', new: 'renamed' },
      { field: 'amount', old: '10.1', new: '99.99' },
    ]);
    assert.deepEqual(ok(2).changes.map((c) => [c.field, c.old]), [['mlc_archived_at', null]]);
    assert.equal(typeof ok(2).changes[0]?.new, 'string', 'the archive time as the database gives it');
    assert.match(ok(6).note ?? '', /later record of the same key/);
    assert.deepEqual(ok(7).changes.find((c) => c.field === 'name'), { field: 'name', old: null, new: 'second' });
    assert.equal(selects.length, 2, 'the columns, and one lookup for the whole batch');
    assert.deepEqual(await snapshot(), before, 'no row inserted, updated or deleted: every row version as it was');

    const written = await writer.writeBatch(batch);
    const writerSays = written.map((o) => (o.ok ? o.action : 'fail'));
    assert.deepEqual(writerSays, ['unchanged', 'updated', 'updated', 'unchanged', 'inserted', 'fail', 'unchanged', 'inserted'], 'the writer does what the plan said');
  });

  it('notes a column the mapping added and plans its value as a change', async () => {
    const grown = parseTableSpec({ ...spec, columns: [...spec.columns, { name: 'memo', type: 'text', source: 'memo' }], archivedWhenFalse: 'active' });
    const before = await snapshot();
    const planner = new WarehousePlanner(() => Promise.resolve(warehouse), grown);
    const [outcome, same] = await planner.writeBatch([entry(1, { memo: 'new note' }), entry(5)]);
    assert.ok(outcome?.ok && same?.ok);
    assert.equal(outcome.action, 'update');
    assert.deepEqual(outcome.changes, [{ field: 'memo', old: null, new: 'new note' }]);
    assert.equal(same.action, 'unchanged');
    assert.equal(outcome.note, `the write would add the column(s) memo to ${spec.schema}.entries`);
    assert.deepEqual(await snapshot(), before);
    const [column] = await warehouse.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'entries' AND column_name = 'memo'`, [spec.schema]);
    assert.equal(column?.['n'], 0, 'the column was not added');
  });
}

whenPostgresAvailable('the warehouse planner on PostgreSQL', () => {
  describe('the warehouse planner on PostgreSQL', () => {
    const schema = uniqueSchemaName('mlc_wh16_plan');
    let warehouse: Warehouse | null = null;
    after(async () => {
      await warehouse?.close();
      await dropSchema(schema);
    });
    planContract(async () => {
      warehouse = await openWarehouse({ dialect: 'postgres', connectionString: TEST_PG_URL, schema });
      return { warehouse, schema };
    });
  });
});

describe('the warehouse planner embedded (PGlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-wh16-plan-'));
  let warehouse: Warehouse | null = null;
  after(async () => {
    await warehouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  planContract(async () => {
    warehouse = await openWarehouse({ dialect: 'embedded', dataDir: join(dir, 'data'), schema: 'plan' });
    return { warehouse, schema: 'plan' };
  });
});
