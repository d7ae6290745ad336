// What both dialects must do alike, run against a real PostgreSQL server and an embedded PGlite: the
// tables Looker models must come out the same whichever is used.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseTableSpec, WarehouseWriter, type TableSpec, type TableSpecInput, type Warehouse, type WarehouseOutcome } from '../../lib/warehouse';

export interface ContractTarget {
  /** A warehouse writing into a schema of its own; the target drops it after. */
  open(label: string): Promise<{ warehouse: Warehouse; schema: string }>;
}

export const LINES: Omit<TableSpecInput, 'schema'> = {
  table: 'journal_lines',
  columns: [
    { name: 'id', type: 'integer', primaryKey: true },
    { name: 'name', type: 'text' },
    { name: 'date', type: 'date' },
    { name: 'write_date', type: 'timestamptz' },
    { name: 'account_id', type: 'integer' },
    { name: 'debit', type: 'numeric' },
    { name: 'credit', type: 'numeric' },
    { name: 'balance', type: 'numeric' },
    { name: 'analytic_distribution', type: 'jsonb', distribution: true },
  ],
};

export function line(id: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: `line ${id}`, date: '2026-03-31', write_date: '2026-04-01 08:30:00', account_id: [7, '400000 Sales'], debit: 0.1, credit: 0, balance: 0.1, analytic_distribution: false, ...extra };
}

export function okActions(outcomes: WarehouseOutcome[]): string[] {
  return outcomes.map((o) => (o.ok ? o.action : `failed: ${o.error.message}`));
}

export function warehouseContract(target: ContractTarget): void {
  async function writerFor(label: string, input: Omit<TableSpecInput, 'schema'> = LINES): Promise<{ writer: WarehouseWriter; warehouse: Warehouse; spec: TableSpec; schema: string }> {
    const { warehouse, schema } = await target.open(label);
    const spec = parseTableSpec({ ...input, schema });
    return { writer: new WarehouseWriter(() => Promise.resolve(warehouse), spec), warehouse, spec, schema };
  }

  it('creates the table from the mapping and counts inserted, updated and unchanged rows exactly', async () => {
    const { writer, warehouse, schema } = await writerFor('counts');
    const first = await writer.writeBatch([line(1), line(2), line(3)]);
    assert.deepEqual(okActions(first), ['inserted', 'inserted', 'inserted']);
    assert.deepEqual(first[0]?.ok && first[0].batch, { inserted: 3, updated: 0, unchanged: 0, failed: 0 });
    const columns = await warehouse.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'journal_lines' ORDER BY ordinal_position`, [schema]);
    assert.deepEqual(
      columns.map((c) => `${String(c['column_name'])} ${String(c['data_type'])}`),
      ['id integer', 'name text', 'date date', 'write_date timestamp with time zone', 'account_id integer', 'debit numeric', 'credit numeric', 'balance numeric', 'analytic_distribution jsonb', 'mlc_loaded_at timestamp with time zone'],
    );
    const second = await writer.writeBatch([line(1), line(2, { name: 'renamed' }), line(4)]);
    assert.deepEqual(okActions(second), ['unchanged', 'updated', 'inserted']);
    assert.deepEqual(second[0]?.ok && second[0].batch, { inserted: 1, updated: 1, unchanged: 1, failed: 0 });
    assert.equal(second[1]?.ok && second[1].id, '2');
    assert.equal(second[1]?.ok && second[1].table, `${schema}.journal_lines`);
    const [row] = await warehouse.query(`SELECT count(*)::int AS n, count(mlc_loaded_at)::int AS loaded FROM "${schema}".journal_lines`);
    assert.deepEqual(row, { n: 4, loaded: 4 });
  });

  it('adds columns when the mapping grows, never drops one, and names both types on a conflict', async () => {
    const { writer, warehouse, schema } = await writerFor('grow');
    await writer.writeBatch([line(1)]);
    const grown = parseTableSpec({ ...LINES, schema, columns: [...LINES.columns.filter((c) => c.name !== 'name'), { name: 'partner_id', type: 'integer', source: 'partner.id' }] });
    const outcomes = await new WarehouseWriter(() => Promise.resolve(warehouse), grown).writeBatch([line(1, { partner: { id: 42 } })]);
    assert.deepEqual(okActions(outcomes), ['updated']);
    const [row] = await warehouse.query(`SELECT name, partner_id FROM "${schema}".journal_lines WHERE id = 1`);
    assert.deepEqual(row, { name: 'line 1', partner_id: 42 });
    const conflict = parseTableSpec({ ...LINES, schema, columns: [...LINES.columns.filter((c) => c.name !== 'debit'), { name: 'debit', type: 'text' }] });
    const refused = await new WarehouseWriter(() => Promise.resolve(warehouse), conflict).writeBatch([line(1)]);
    assert.equal(refused[0]?.ok, false);
    const message = refused[0]?.ok === false ? refused[0].error.message : '';
    assert.match(message, new RegExp(`${schema}\\.journal_lines: column debit is numeric in the warehouse but the mapping says text`));
    assert.equal(refused[0]?.ok === false && refused[0].error.code, 'MLC_WAREHOUSE_COLUMN_TYPE');
  });

  it('keeps money exact to the cent and dates, datetimes and jsonb as sent', async () => {
    const { writer, warehouse, schema } = await writerFor('types');
    const records = Array.from({ length: 10 }, (_, i) => line(i + 1, { debit: i % 2 ? 0.1 : 0.2, credit: '1234567890.01' }));
    records.push(line(11, { date: '2024-02-29', write_date: '2026-04-01T10:15:00+02:00', analytic_distribution: { '12,34': 50, '7': 50 }, name: 'tab\there\nnew line \\ back' }));
    assert.deepEqual(okActions(await writer.writeBatch(records)).filter((a) => a !== 'inserted'), []);
    const [sum] = await warehouse.query(`SELECT sum(debit)::text AS debit, sum(credit)::text AS credit FROM "${schema}".journal_lines WHERE id <= 10`);
    assert.deepEqual(sum, { debit: '1.5', credit: '12345678900.10' });
    const [row] = await warehouse.query(`SELECT date::text AS date, to_char(write_date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS write_date, analytic_distribution::text AS dist, name, account_id FROM "${schema}".journal_lines WHERE id = 11`);
    assert.deepEqual(row, { date: '2024-02-29', write_date: '2026-04-01 08:15:00', dist: '{"7": 50, "12,34": 50}', name: 'tab\there\nnew line \\ back', account_id: 7 });
    const [odoo] = await warehouse.query(`SELECT to_char(write_date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS w, analytic_distribution IS NULL AS empty FROM "${schema}".journal_lines WHERE id = 1`);
    assert.deepEqual(odoo, { w: '2026-04-01 08:30:00', empty: true });
  });

  it('soft-deletes a record archived in the source and clears the mark when it is active again', async () => {
    const partners = { table: 'partners', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'name', type: 'text' }], archivedWhenFalse: 'active' } as const;
    const { writer, warehouse, schema } = await writerFor('archive', { ...partners, columns: [...partners.columns] });
    const archivedAt = async (): Promise<unknown> => (await warehouse.query(`SELECT mlc_archived_at IS NOT NULL AS archived, mlc_archived_at::text AS at FROM "${schema}".partners WHERE id = 1`))[0];
    assert.deepEqual(okActions(await writer.writeBatch([{ id: 1, name: 'A', active: true }])), ['inserted']);
    assert.deepEqual(await archivedAt(), { archived: false, at: null });
    assert.deepEqual(okActions(await writer.writeBatch([{ id: 1, name: 'A', active: false }])), ['updated']);
    const first = (await archivedAt()) as { archived: boolean; at: string };
    assert.equal(first.archived, true);
    assert.deepEqual(okActions(await writer.writeBatch([{ id: 1, name: 'A', active: false }])), ['unchanged']);
    assert.deepEqual(await archivedAt(), first, 'the first archive time is kept');
    assert.deepEqual(okActions(await writer.writeBatch([{ id: 1, name: 'A', active: true }])), ['updated']);
    assert.deepEqual(await archivedAt(), { archived: false, at: null });
    const [count] = await warehouse.query(`SELECT count(*)::int AS n FROM "${schema}".partners`);
    assert.deepEqual(count, { n: 1 });
  });

  it('flattens the analytic distribution into <table>_by_analytic, one row per account id', async () => {
    const { writer, warehouse, schema } = await writerFor('dist');
    await writer.writeBatch([
      line(1, { debit: 100, credit: 0, balance: 100, analytic_distribution: { '12,34': 60, '7': 40 } }),
      line(2, { debit: 0, credit: 33.33, balance: -33.33, analytic_distribution: { '7': 100 } }),
      line(3, { analytic_distribution: false }),
    ]);
    const rows = await warehouse.query(`SELECT id, analytic_account_id, percentage::text AS pct, debit::text AS debit, credit::text AS credit, balance::text AS balance FROM "${schema}".journal_lines_by_analytic ORDER BY id, analytic_account_id`);
    assert.deepEqual(
      rows.map((r) => [r['id'], r['analytic_account_id'], Number(r['pct']), Number(r['debit']), Number(r['credit']), Number(r['balance'])]),
      [
        [1, 7, 40, 40, 0, 40],
        [1, 12, 60, 60, 0, 60],
        [1, 34, 60, 60, 0, 60],
        [2, 7, 100, 0, 33.33, -33.33],
      ],
    );
  });

  it('fails a bad record alone, naming column, value and type, and lets the last of duplicate keys win', async () => {
    const { writer, warehouse, schema } = await writerFor('bad');
    const outcomes = await writer.writeBatch([line(1), line(2, { debit: 'ten' }), line(3, { name: 'first' }), line(3, { name: 'last' }), { name: 'no key' }, line(4, { date: '2026-02-30' })]);
    assert.deepEqual(okActions(outcomes).slice(0, 4), ['inserted', 'failed: journal_lines: column debit (from debit) got "ten"; expected numeric (a number or a numeric string)', 'unchanged', 'inserted']);
    assert.equal(outcomes[2]?.ok && outcomes[2].superseded, true);
    assert.match(okActions(outcomes)[4] ?? '', /primary key id \(from id\) is missing/);
    assert.match(okActions(outcomes)[5] ?? '', /column date \(from date\) got "2026-02-30"; expected date/);
    assert.deepEqual(outcomes[0]?.ok && outcomes[0].batch, { inserted: 2, updated: 0, unchanged: 1, failed: 3 });
    const rows = await warehouse.query(`SELECT id, name FROM "${schema}".journal_lines ORDER BY id`);
    assert.deepEqual(rows, [{ id: 1, name: 'line 1' }, { id: 3, name: 'last' }]);
  });

  it('fails every record of a batch the database refuses at INSERT, leaving none of it', async () => {
    const { writer, warehouse, schema } = await writerFor('refused');
    await writer.writeBatch([line(1)]);
    // The load table copies the columns, not this constraint: the refusal comes at the INSERT, after COPY loaded every row.
    await warehouse.query(`ALTER TABLE "${schema}".journal_lines ADD CONSTRAINT no_big_debit CHECK (debit < 1000)`);
    const outcomes = await writer.writeBatch([line(1, { name: 'changed' }), line(2), line(3, { debit: 5000 }), line(4)]);
    assert.deepEqual(outcomes.map((o) => o.ok), [false, false, false, false]);
    assert.match(okActions(outcomes)[1] ?? '', /the batch of 4 rows was not written: .*no_big_debit/);
    assert.equal(outcomes[0]?.ok === false && outcomes[0].error.code, 'MLC_WAREHOUSE_REFUSED');
    assert.equal(outcomes[0]?.ok === false && outcomes[0].error.transient, undefined);
    const rows = await warehouse.query(`SELECT id, name FROM "${schema}".journal_lines ORDER BY id`);
    assert.deepEqual(rows, [{ id: 1, name: 'line 1' }]);
    // A record resent after an unknown outcome finds itself written: unchanged, not a second row.
    assert.deepEqual(okActions(await writer.writeBatch([line(1)])), ['unchanged']);
  });

  it('creates the table once when two batches race for it', async () => {
    const { warehouse, schema } = await target.open('race');
    const spec = parseTableSpec({ ...LINES, schema });
    const a = new WarehouseWriter(() => Promise.resolve(warehouse), spec);
    const b = new WarehouseWriter(() => Promise.resolve(warehouse), spec);
    const [ra, rb] = await Promise.all([a.writeBatch([line(1), line(2)]), b.writeBatch([line(3), line(2, { name: 'b' })])]);
    assert.deepEqual([...ra, ...rb].map((o) => o.ok), [true, true, true, true]);
    const [count] = await warehouse.query(`SELECT count(*)::int AS n FROM "${schema}".journal_lines`);
    assert.deepEqual(count, { n: 3 });
  });
}
