import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { LEGAL_ENTITY, SEEDED_SUPPLIER_COUNT, SERVICENOW_ONLY_COST_CENTER } from '../../../sandbox/servicenow';
import { call, q, startServiceNow, type ServiceNow } from './helpers';

type Rec = Record<string, any>;

describe('ServiceNow sandbox: Table API', () => {
  let sn: ServiceNow;
  before(async () => {
    sn = await startServiceNow();
  });
  after(() => sn.running.close());
  beforeEach(() => sn.running.reset());

  it('lists in the {"result": [...]} envelope with every value a string, references as {link, value}, and paging headers', async () => {
    const page = await call(sn.url, '/api/now/table/sn_fin_supplier?sysparm_limit=5&sysparm_query=ORDERBYerp_supplier_id');
    assert.equal(page.status, 200);
    const { result } = page.json<{ result: Rec[] }>();
    assert.equal(result.length, 5);
    assert.equal(page.headers['x-total-count'], String(SEEDED_SUPPLIER_COUNT));
    const first = result[0]!;
    assert.equal(first.erp_supplier_id, 'V-1001');
    assert.equal(first.name, 'Acme Lumber Supply');
    assert.match(first.sys_id, /^[0-9a-f]{32}$/);
    assert.match(first.sys_created_on, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(first.sys_mod_count, '0');
    assert.equal(first.active, 'true');
    for (const [field, value] of Object.entries(first)) {
      if (field === 'legal_entity') continue;
      assert.equal(typeof value, 'string', `${field} is a string`);
    }
    assert.deepEqual(Object.keys(first.legal_entity).sort(), ['link', 'value']);
    assert.equal(first.legal_entity.link, `${sn.url}/api/now/table/sn_fin_legal_entity/${first.legal_entity.value}`);

    const link = String(page.headers.link);
    assert.match(link, /sysparm_offset=0>;rel="first"/);
    assert.match(link, /sysparm_offset=-5>;rel="prev"/);
    assert.match(link, /sysparm_offset=5>;rel="next"/);
    assert.match(link, /sysparm_offset=10>;rel="last"/);
    const next = /<([^>]+)>;rel="next"/.exec(link)![1]!;
    const second = await call(sn.url, next.slice(sn.url.length));
    assert.equal(second.json<{ result: Rec[] }>().result[0]!.erp_supplier_id, 'V-1006');
    const last = await call(sn.url, '/api/now/table/sn_fin_supplier?sysparm_limit=5&sysparm_offset=10');
    assert.equal(last.json<{ result: Rec[] }>().result.length, 2);
    assert.doesNotMatch(String(last.headers.link), /rel="next"/);
    const suppressed = await call(sn.url, '/api/now/table/sn_fin_supplier?sysparm_limit=5&sysparm_suppress_pagination_header=true');
    assert.equal(suppressed.headers.link, undefined);
  });

  it('evaluates encoded queries: ^, ^OR, ^NQ, IN, LIKE, STARTSWITH, comparisons, empties, dot-walks, ORDERBYDESC, unknown fields ignored', async () => {
    const names = async (query: string, table = 'sn_fin_supplier', field = 'erp_supplier_id'): Promise<string[]> => {
      const answer = await call(sn.url, `/api/now/table/${table}?sysparm_fields=${field}&sysparm_query=${q(query)}`);
      assert.equal(answer.status, 200, answer.body);
      return answer.json<{ result: Rec[] }>().result.map((row) => row[field] as string);
    };
    assert.deepEqual(await names('erp_supplier_idINV-1003,V-1001,V-9999^ORDERBYerp_supplier_id'), ['V-1001', 'V-1003']);
    assert.deepEqual(await names('nameLIKEsteel^ORnameSTARTSWITHacme^ORDERBYDESCerp_supplier_id'), ['V-1003', 'V-1001']);
    assert.deepEqual(await names('erp_supplier_id=V-1002^NQerp_supplier_id=V-1004^ORDERBYerp_supplier_id'), ['V-1002', 'V-1004']);
    assert.deepEqual(await names('erp_supplier_id>=V-1010^erp_supplier_id!=V-1011^ORDERBYerp_supplier_id'), ['V-1010', 'V-1012']);
    assert.deepEqual(await names('erp_supplier_idNOT INV-1001,V-1002^erp_supplier_id<V-1005^ORDERBYerp_supplier_id'), ['V-1003', 'V-1004']);
    assert.deepEqual(await names(`legal_entity.code=${LEGAL_ENTITY.code}^erp_supplier_idSTARTSWITHV-100^no_such_field=1^ORDERBYerp_supplier_id`), ['V-1001', 'V-1002', 'V-1003', 'V-1004', 'V-1005', 'V-1006', 'V-1007', 'V-1008', 'V-1009']);
    assert.deepEqual(await names('erp_sourceISEMPTY', 'cmn_cost_center', 'code'), [SERVICENOW_ONLY_COST_CENTER.code]);
    assert.deepEqual(await names('erp_sourceISNOTEMPTY^codeENDSWITH00^ORDERBYDESCcode', 'cmn_cost_center', 'code'), ['CC-400', 'CC-300', 'CC-200', 'CC-100']);
    assert.deepEqual(await names("sys_updated_on>=javascript:gs.dateGenerate('2026-09-01','08:00:00')^numberBETWEEN5000@5999^ORDERBYnumber", 'sn_fin_gl_account', 'number'), ['5000', '5100', '5200']);
    assert.deepEqual(await names('sys_updated_on>2026-09-01 08:00:00'), []);
    // name=value pairs beside sysparm_query are conditions too
    const pair = await call(sn.url, '/api/now/table/cmn_cost_center?code=CC-300&sysparm_fields=name');
    assert.deepEqual(pair.json<{ result: Rec[] }>().result, [{ name: 'South Branch' }]);
  });

  it('renders display values (true, all), excludes reference links, and dot-walks in sysparm_fields', async () => {
    const path = '/api/now/table/cmn_cost_center?sysparm_query=code%3DCC-200&sysparm_fields=code,legal_entity,manager.user_name,no_such_field';
    const plain = (await call(sn.url, path)).json<{ result: Rec[] }>().result[0]!;
    assert.deepEqual(Object.keys(plain), ['code', 'legal_entity', 'manager.user_name']);
    assert.equal(plain['manager.user_name'], 'mlc.integration');
    const entityId = plain.legal_entity.value as string;

    const shown = (await call(sn.url, `${path}&sysparm_display_value=true`)).json<{ result: Rec[] }>().result[0]!;
    assert.deepEqual(shown.legal_entity, { display_value: LEGAL_ENTITY.name, link: `${sn.url}/api/now/table/sn_fin_legal_entity/${entityId}` });
    assert.equal(shown.code, 'CC-200');

    const all = (await call(sn.url, `${path}&sysparm_display_value=all`)).json<{ result: Rec[] }>().result[0]!;
    assert.deepEqual(all.code, { display_value: 'CC-200', value: 'CC-200' });
    assert.deepEqual(all.legal_entity, { display_value: LEGAL_ENTITY.name, link: `${sn.url}/api/now/table/sn_fin_legal_entity/${entityId}`, value: entityId });

    const bare = (await call(sn.url, `${path}&sysparm_exclude_reference_link=true`)).json<{ result: Rec[] }>().result[0]!;
    assert.equal(bare.legal_entity, entityId);
    const bareShown = (await call(sn.url, `${path}&sysparm_exclude_reference_link=true&sysparm_display_value=true`)).json<{ result: Rec[] }>().result[0]!;
    assert.equal(bareShown.legal_entity, LEGAL_ENTITY.name);
  });

  it('creates (201), reads, updates (PUT and PATCH), deletes (204) on the sandbox clock; v1 answers an empty match with 404, v2 with []', async () => {
    sn.running.clock.set('2026-12-01T10:00:00Z');
    const entity = (await call(sn.url, '/api/now/table/sn_fin_legal_entity?sysparm_fields=sys_id')).json<{ result: Rec[] }>().result[0]!.sys_id as string;
    const created = await call(sn.url, '/api/now/v2/table/cmn_cost_center', { method: 'POST', body: { code: 'CC-500', name: 'West Branch', legal_entity: entity, account_number: 500100, active: true, not_a_field: 'x' } });
    assert.equal(created.status, 201, created.body);
    const record = created.json<{ result: Rec }>().result;
    assert.equal(record.account_number, '500100');
    assert.equal(record.active, 'true');
    assert.equal(record.not_a_field, undefined);
    assert.equal(record.sys_created_on, '2026-12-01 10:00:00');
    assert.equal(record.sys_created_by, 'mlc.integration');
    assert.equal(created.headers.location, `${sn.url}/api/now/table/cmn_cost_center/${record.sys_id}`);

    sn.running.clock.advance(90_000);
    const patched = await call(sn.url, `/api/now/table/cmn_cost_center/${record.sys_id}`, { method: 'PATCH', body: { name: 'West Region' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.json<{ result: Rec }>().result.name, 'West Region');
    assert.equal(patched.json<{ result: Rec }>().result.sys_updated_on, '2026-12-01 10:01:30');
    assert.equal(patched.json<{ result: Rec }>().result.sys_mod_count, '1');
    const put = await call(sn.url, `/api/now/table/cmn_cost_center/${record.sys_id}`, { method: 'PUT', body: { account_number: '500200' } });
    assert.equal(put.json<{ result: Rec }>().result.sys_mod_count, '2');
    const noBody = await call(sn.url, `/api/now/table/cmn_cost_center/${record.sys_id}`, { method: 'PATCH', body: { active: 'false' }, headers: { 'x-no-response-body': 'true' } });
    assert.equal(noBody.status, 200);
    assert.equal(noBody.body, '');

    const read = await call(sn.url, `/api/now/table/cmn_cost_center/${record.sys_id}?sysparm_fields=name,account_number,active`);
    assert.deepEqual(read.json(), { result: { name: 'West Region', account_number: '500200', active: 'false' } });
    const since = await call(sn.url, `/api/now/table/cmn_cost_center?sysparm_fields=code&sysparm_query=${q('sys_updated_on>2026-12-01 10:00:00^ORDERBYsys_updated_on^ORDERBYsys_id')}`);
    assert.deepEqual(since.json(), { result: [{ code: 'CC-500' }] });

    const deleted = await call(sn.url, `/api/now/table/cmn_cost_center/${record.sys_id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.body, '');
    const gone = await call(sn.url, `/api/now/table/cmn_cost_center/${record.sys_id}`);
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.json(), { error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" }, status: 'failure' });

    const v2 = await call(sn.url, '/api/now/v2/table/cmn_cost_center?sysparm_query=code%3DCC-999');
    assert.equal(v2.status, 200);
    assert.deepEqual(v2.json(), { result: [] });
    assert.equal(v2.headers['x-total-count'], '0');
    const v1 = await call(sn.url, '/api/now/v1/table/cmn_cost_center?sysparm_query=code%3DCC-999');
    assert.equal(v1.status, 404);
    assert.equal(v1.json().status, 'failure');
  });

  it('refuses an unknown table (400), a negative offset (400) and a non-JSON body (415) in the error envelope', async () => {
    const unknown = await call(sn.url, '/api/now/table/no_such_table');
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json(), { error: { message: 'Invalid table no_such_table', detail: null }, status: 'failure' });
    const negative = await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_offset=-1');
    assert.equal(negative.status, 400);
    assert.deepEqual(negative.json(), { error: { message: 'offset is -1', detail: 'Negative offset is not supported' }, status: 'failure' });
    const form = await call(sn.url, '/api/now/table/cmn_cost_center', { method: 'POST', body: 'code=CC-1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
    assert.equal(form.json().status, 'failure');
  });

  it('shows a record edited "in the ServiceNow UI" (control route) to an incremental read by sys_updated_on, sys_id', async () => {
    sn.running.clock.set('2026-12-02T09:00:00Z');
    const cc = (await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_query=code%3DCC-900&sysparm_fields=sys_id')).json().result[0].sys_id as string;
    const edited = await call(sn.url, '/__sandbox/records', { method: 'POST', user: null, body: { table: 'cmn_cost_center', sysId: cc, values: { name: 'Shared Services' } } });
    assert.equal(edited.status, 200, edited.body);
    const refused = await call(sn.url, '/__sandbox/records', { method: 'POST', user: null, body: { table: 'cmn_cost_center', sysId: cc, values: { colour: 'red' } } });
    assert.equal(refused.status, 409);
    const changed = await call(sn.url, `/api/now/table/cmn_cost_center?sysparm_fields=code,name,sys_updated_by,sys_updated_on&sysparm_query=${q('sys_updated_on>2026-09-01 08:00:00^ORDERBYsys_updated_on^ORDERBYsys_id')}`);
    assert.deepEqual(changed.json().result, [{ code: 'CC-900', name: 'Shared Services', sys_updated_by: 'admin', sys_updated_on: '2026-12-02 09:00:00' }]);
  });

  it('takes a reference by display value with sysparm_input_display_value=true', async () => {
    const created = await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_input_display_value=true&sysparm_display_value=true&sysparm_exclude_reference_link=true', {
      method: 'POST',
      body: { code: 'CC-600', name: 'Yard', legal_entity: LEGAL_ENTITY.name },
    });
    assert.equal(created.status, 201);
    assert.equal(created.json<{ result: Rec }>().result.legal_entity, LEGAL_ENTITY.name);
  });
});
