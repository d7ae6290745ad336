// Reference checks against the ServiceNow sandbox over real sockets, counted in its request log: a
// page of records costs one query per table for the keys the cache lacks and none while they are
// cached; the TTL ends that; a key ServiceNow lacks refuses its record naming the field, value and
// table, and is asked for again next time, so a supplier created since is found; the value set is the
// staging key, the sys_id, the display value or another column, as the row says, and the sandbox's
// staging transform and Table API take what is set.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { INTEGRATION_USER, LEGAL_ENTITY, ServiceNowSimulator } from '../../sandbox/servicenow';
import { ServiceNowClient } from '../../lib/servicenow';
import { checkReferences, clientReferenceSource, parseReferenceRows, ReferenceCache, type RecordOutcome, type ReferenceRowInput } from '../../lib/servicenow/references';

type Row = Record<string, unknown>;

const ROWS: ReferenceRowInput[] = [
  { field: 'supplier', kind: 'supplier', required: true },
  { field: 'cost_center', kind: 'cost_center' },
  { field: 'legal_entity', kind: 'legal_entity' },
  { field: 'gl_account', on: 'line', kind: 'gl_account' },
  { field: 'cost_center', on: 'line', kind: 'cost_center' },
];

const po = (n: number, supplier: string, costCenter: string, gls: string[]): Row => ({
  erp_po_number: `P000${n}`,
  supplier,
  cost_center: costCenter,
  legal_entity: LEGAL_ENTITY.code,
  lines: gls.map((gl, i) => ({ erp_line_number: String(i + 1), gl_account: gl, cost_center: costCenter })),
});

function ok(outcome: RecordOutcome | undefined): Row {
  assert.ok(outcome?.ok, `refused: ${outcome && !outcome.ok ? outcome.error.message : 'no outcome'}`);
  return outcome.record;
}

function refused(outcome: RecordOutcome | undefined): { message: string; code: string } {
  assert.ok(outcome && !outcome.ok, 'expected a refusal');
  return outcome.error;
}

describe('ServiceNow reference checks against the sandbox', () => {
  let sandbox: ServiceNowSimulator;
  let sim: RunningSimulator;
  let client: ServiceNowClient;
  let clock = 0;
  const cache = (ttlMs = 60_000) => new ReferenceCache(clientReferenceSource(client), { ttlMs, now: () => clock });
  /** Table API reads of each table since the test began. */
  const reads = (since: number) => {
    const counts: Record<string, number> = {};
    for (const entry of sim.log.entries({ method: 'GET', path: '/api/now/table/', sinceSeq: since })) {
      const table = entry.path.split('/').pop() as string;
      counts[table] = (counts[table] ?? 0) + 1;
    }
    return counts;
  };

  before(async () => {
    sandbox = new ServiceNowSimulator();
    sim = await startSimulator(sandbox, { port: 0 });
    client = new ServiceNowClient({ configName: 'sn refs', instanceUrl: sim.url, authMode: 'basic', user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password });
  });
  beforeEach(() => {
    sim.reset();
    clock = 0;
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  it('checks a page with one query per table, then answers from the cache until the TTL ends (the cache\'s, or a shorter one the caller gives)', async () => {
    const rows = parseReferenceRows(ROWS, 'the table');
    const refs = cache(60_000);
    const page = [po(1, 'V-1001', 'CC-100', ['5000', '6100']), po(2, 'V-1002', 'CC-200', ['5100']), po(3, 'V-1001', 'CC-300', ['6100', '6200'])];
    const start = sim.log.lastSeq;
    const outcomes = await checkReferences(refs, rows, page, { lines: 'lines' });
    assert.deepEqual(reads(start), { sn_fin_supplier: 1, cmn_cost_center: 1, sn_fin_legal_entity: 1, sn_fin_gl_account: 1 }, 'record and line cost centers share one query');
    const first = ok(outcomes[0]);
    // The default sets the key the staging tables take: the value as ServiceNow spells it.
    assert.deepEqual([first['supplier'], first['cost_center'], (first['lines'] as Row[]).map((l) => l['gl_account'])], ['V-1001', 'CC-100', ['5000', '6100']]);
    assert.equal(page[0]?.['supplier'], 'V-1001', 'the input is not changed');
    assert.equal(outcomes.filter((o) => o.ok).length, 3);

    const again = sim.log.lastSeq;
    ok((await checkReferences(refs, rows, [po(4, 'v-1002', 'CC-100', ['5000'])], { lines: 'lines' }))[0]);
    assert.deepEqual(reads(again), {}, 'all cached (case-blind)');

    // A caller that trusts records for less (another node on the same connection) asks again sooner.
    clock += 2_000;
    const shorter = sim.log.lastSeq;
    ok((await checkReferences(refs, rows, [po(5, 'V-1002', 'CC-100', ['5000'])], { lines: 'lines', ttlMs: 1_000 }))[0]);
    assert.deepEqual(reads(shorter), { sn_fin_supplier: 1, cmn_cost_center: 1, sn_fin_legal_entity: 1, sn_fin_gl_account: 1 });

    clock += 60_001;
    const expired = sim.log.lastSeq;
    ok((await checkReferences(refs, rows, [po(5, 'V-1002', 'CC-100', ['5000'])], { lines: 'lines' }))[0]);
    assert.deepEqual(reads(expired), { sn_fin_supplier: 1, cmn_cost_center: 1, sn_fin_legal_entity: 1, sn_fin_gl_account: 1 });
    assert.equal(refs.queries, 12);
  });

  it('refuses a record naming the field, value and table; asks again next time, so a supplier created since is found', async () => {
    const rows = parseReferenceRows(ROWS, 'the table');
    const refs = cache();
    const outcomes = await checkReferences(refs, rows, [po(1, 'V-1013', 'CC-100', ['5000']), po(2, 'V-1001', 'CC-999', ['5000', '9999'])], { lines: 'lines' });
    const supplier = refused(outcomes[0]);
    assert.equal(supplier.code, 'MLC_SERVICENOW_REFERENCE_MISSING');
    assert.match(supplier.message, /supplier "V-1013" at supplier is not in ServiceNow: no sn_fin_supplier record with erp_supplier_id = V-1013/);
    const second = refused(outcomes[1]);
    assert.match(second.message, /cost center "CC-999" at cost_center is not in ServiceNow: no cmn_cost_center record with code = CC-999/);
    assert.match(second.message, /cost center "CC-999" at lines\.0\.cost_center .*GL account "9999" at lines\.1\.gl_account is not in ServiceNow: no sn_fin_gl_account record with number = 9999/);

    sandbox.editRecord('sn_fin_supplier', undefined, { name: 'Lakeside Lumber', erp_supplier_id: 'V-1013', active: 'true' });
    const start = sim.log.lastSeq;
    const found = ok((await checkReferences(refs, rows, [po(3, 'V-1013', 'CC-100', ['5000'])], { lines: 'lines' }))[0]);
    assert.equal(found['supplier'], 'V-1013');
    assert.deepEqual(reads(start), { sn_fin_supplier: 1 }, 'only the key the cache lacked was asked for');
  });

  it('sets the sys_id, the display value or another column, and looks suppliers up by name (refusing a name two share)', async () => {
    const rows = parseReferenceRows(
      [
        { field: 'vendor', kind: 'supplier', by: 'name', set: 'erp_supplier_id', target: 'supplier' },
        { field: 'cost_center', kind: 'cost_center', set: 'sys_id' },
        { field: 'gl', on: 'line', kind: 'gl_account', set: 'display', target: 'gl_name' },
      ],
      'the table',
    );
    const [supplier] = (await client.list('sn_fin_supplier', { query: { where: [{ field: 'erp_supplier_id', op: '=', value: 'V-1003' }] }, fields: ['name'] })) as Array<{ name: string }>;
    const [cc] = (await client.list('cmn_cost_center', { query: { where: [{ field: 'code', op: '=', value: 'CC-900' }] }, fields: ['sys_id'] })) as Array<{ sys_id: string }>;
    assert.ok(supplier && cc);
    const record = ok((await checkReferences(cache(), rows, [{ vendor: [7, supplier.name], cost_center: 'CC-900', lines: [{ gl: 2000 }] }], { lines: 'lines' }))[0]);
    assert.equal(record['supplier'], 'V-1003', 'an Odoo many2one gives its name; the staging key is set');
    assert.deepEqual(record['vendor'], [7, supplier.name], 'the source field stays when the target differs');
    assert.equal(record['cost_center'], cc.sys_id);
    assert.deepEqual((record['lines'] as Row[])[0], { gl: 2000, gl_name: 'Accounts Payable' }, 'the display value of GL account 2000');

    // Two suppliers by one name: which is meant is unknown, so the record is refused rather than guessed at.
    sandbox.editRecord('sn_fin_supplier', undefined, { name: supplier.name, erp_supplier_id: 'V-2003', active: 'true' });
    const twice = refused((await checkReferences(cache(), rows, [{ vendor: supplier.name, cost_center: 'CC-900' }], { lines: 'lines' }))[0]);
    assert.equal(twice.code, 'MLC_SERVICENOW_REFERENCE_BAD_RECORD');
    assert.match(twice.message, new RegExp(`supplier "${supplier.name}" at vendor is ambiguous: 2 sn_fin_supplier records have name = `));
  });

  it('sets what the sandbox takes: the key for a staging row, the sys_id for a Table API reference', async () => {
    const staged = ok((await checkReferences(cache(), parseReferenceRows(ROWS, 'the table'), [po(1, 'V-1004', 'CC-400', [])], { lines: 'lines' }))[0]);
    const { lines: _lines, ...order } = staged;
    const imported = await client.importRow('sn_fcms_intg_imp_order', { ...order, erp_source: 'odoo' });
    assert.deepEqual(imported.result.map((r) => [r.status, r.error_message]), [['inserted', undefined]]);

    const byId = parseReferenceRows(
      [
        { field: 'supplier', kind: 'supplier', set: 'sys_id' },
        { field: 'cost_center', kind: 'cost_center', set: 'sys_id' },
      ],
      'the table',
    );
    const direct = ok((await checkReferences(cache(), byId, [{ erp_po_number: 'P0002', erp_source: 'odoo', supplier: 'V-1004', cost_center: 'CC-400' }], { lines: '' }))[0]);
    const inserted = await client.insert('sn_shop_purchase_order', direct);
    const [back] = await client.list('sn_shop_purchase_order', { query: { where: [{ field: 'sys_id', op: '=', value: String(inserted['sys_id']) }] }, fields: ['supplier.erp_supplier_id', 'cost_center.code'] });
    assert.deepEqual(back, { 'supplier.erp_supplier_id': 'V-1004', 'cost_center.code': 'CC-400' });
  });

  it('refuses values that cannot be a query value and empty required fields, without a query for them', async () => {
    const rows = parseReferenceRows(ROWS, 'the table');
    const start = sim.log.lastSeq;
    const outcomes = await checkReferences(cache(), rows, [po(1, '', 'CC-100', []), { ...po(2, 'V-1001^ORname!=x', 'CC-100', []) }, 'not a record'], { lines: 'lines' });
    assert.match(refused(outcomes[0]).message, /supplier at supplier is empty/);
    const injected = refused(outcomes[1]);
    assert.equal(injected.code, 'MLC_SERVICENOW_REFERENCE_BAD_RECORD');
    assert.match(injected.message, /cannot be looked up: .*may not contain "\^"/);
    assert.match(refused(outcomes[2]).message, /not an object/);
    assert.deepEqual(reads(start), { cmn_cost_center: 1, sn_fin_legal_entity: 1 });
    assert.throws(() => parseReferenceRows([{ field: 'x', kind: 'vendor' }], 'the table'), /row 1: kind/);
    assert.throws(() => parseReferenceRows([{ field: 'x', kind: 'supplier', by: 'name^ORx' }], 'the table'), /row 1: by must be a column name/);
  });
});
