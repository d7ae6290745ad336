import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../sandbox/kit';
import {
  ADMIN_KEY,
  ADMIN_UID,
  DB,
  executeKw,
  methodCall,
  payrollEntry,
  READER_KEY,
  READER_UID,
  startOdoo,
  xmlRpc,
  xmlRpcRaw,
  type XmlParam,
} from './helpers';

function faultOf(outcome: Awaited<ReturnType<typeof xmlRpc>>): { faultCode: number; faultString: string } {
  assert.ok('fault' in outcome, `expected a fault, got ${JSON.stringify(outcome)}`);
  return outcome.fault;
}

describe('odoo simulator: XML-RPC', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startOdoo();
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('common.version describes an Odoo 19 server, as text/xml over HTTP 200', async () => {
    const response = await xmlRpcRaw(sim.url, 'common', methodCall('version', []));
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/xml; charset=utf-8');
    assert.ok(response.body.startsWith('<?xml version="1.0"?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n'));
    assert.deepEqual(await xmlRpc(sim.url, 'common', 'version', []), {
      result: { server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''], server_serie: '19.0', protocol_version: 1 },
    });
  });

  it('authenticate gives the uid, or boolean false for a bad key; login too', async () => {
    assert.deepEqual(await xmlRpc(sim.url, 'common', 'authenticate', [DB, 'admin', ADMIN_KEY, {}]), { result: ADMIN_UID });
    assert.deepEqual(await xmlRpc(sim.url, 'common', 'authenticate', [DB, 'reader', READER_KEY, {}]), { result: READER_UID });
    const refused = await xmlRpcRaw(sim.url, 'common', methodCall('authenticate', [DB, 'admin', 'wrong-key', {}]));
    assert.match(refused.body, /<param>\n<value><boolean>0<\/boolean><\/value>\n<\/param>/);
    assert.deepEqual(await xmlRpc(sim.url, 'common', 'login', [DB, 'admin', ADMIN_KEY]), { result: ADMIN_UID });
  });

  it('a wrong argument count is CPython\'s TypeError, as fault 1', async () => {
    const fault = faultOf(await xmlRpc(sim.url, 'common', 'authenticate', [DB, 'admin', ADMIN_KEY]));
    assert.equal(fault.faultCode, 1);
    assert.match(fault.faultString, /^Traceback \(most recent call last\):\n/);
    assert.ok(fault.faultString.endsWith("\nTypeError: exp_authenticate() missing 1 required positional argument: 'user_agent_env'\n"));
    const unknown = faultOf(await xmlRpc(sim.url, 'common', 'shutdown', []));
    assert.ok(unknown.faultString.endsWith('\nException: Method not found: shutdown\n'));
  });

  it('search_read with domain, fields, limit and order', async () => {
    const rows = await executeKw(sim.url, 'res.partner', 'search_read', [[['supplier_rank', '>', 0]]], { fields: ['name', 'supplier_rank'], limit: 3, order: 'name desc' });
    assert.deepEqual(rows, [
      { id: 19, name: 'Titan Crane Services', supplier_rank: 1 },
      { id: 3, name: 'Summit Steel Fabricators', supplier_rank: 3 },
      { id: 23, name: 'Sterling Tile & Stone', supplier_rank: 2 },
    ]);
    assert.equal(sim.log.count({ tag: { transport: 'xmlrpc', model: 'res.partner', method: 'search_read' } }), 1);
  });

  it('create one (an id) and a list (ids), write, unlink', async () => {
    const one = await executeKw(sim.url, 'res.partner', 'create', [{ name: 'Ridge Concrete', email: 'ap@ridge.example' }]);
    assert.equal(typeof one, 'number');
    const many = await executeKw(sim.url, 'res.partner', 'create', [[{ name: 'A & B Supply' }, { name: 'C Rentals' }]]);
    assert.ok(Array.isArray(many) && many.length === 2);
    assert.equal(await executeKw(sim.url, 'res.partner', 'write', [[one as number], { ref: 'V-100' }]), true);
    assert.deepEqual(await executeKw(sim.url, 'res.partner', 'read', [[one as number], ['name', 'ref', 'vat']]), [
      { id: one, name: 'Ridge Concrete', ref: 'V-100', vat: false },
    ]);
    assert.equal(await executeKw(sim.url, 'res.partner', 'unlink', [many as XmlParam[]]), true);
    assert.equal(await executeKw(sim.url, 'res.partner', 'search_count', [[['id', 'in', many as XmlParam[]]]]), 0);
  });

  it('fields_get with attributes', async () => {
    const fields = (await executeKw(sim.url, 'account.move', 'fields_get', [], { attributes: ['type', 'relation'] })) as Record<string, Record<string, unknown>>;
    assert.deepEqual(fields['journal_id'], { type: 'many2one', relation: 'account.journal' });
  });

  it('faults: bad key 3, access error 4, unbalanced entry 2, missing record 2, unknown field 1', async () => {
    const denied = await xmlRpcRaw(sim.url, 'object', methodCall('execute_kw', [DB, ADMIN_UID, 'revoked', 'res.partner', 'search', [[]]]));
    assert.equal(denied.status, 200);
    assert.equal(
      denied.body,
      '<?xml version="1.0"?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>3</int></value>\n</member>\n' +
        '<member>\n<name>faultString</name>\n<value><string>Access Denied</string></value>\n</member>\n</struct></value>\n</fault>\n\n</methodResponse>\n',
    );

    const access = faultOf(await xmlRpc(sim.url, 'object', 'execute_kw', [DB, READER_UID, READER_KEY, 'res.partner', 'write', [[7], { name: 'x' }]]));
    assert.equal(access.faultCode, 4);
    assert.match(access.faultString, /^You are not allowed to modify 'Contact' \(res\.partner\) records\./);

    const unbalanced = faultOf(await xmlRpc(sim.url, 'object', 'execute_kw', [DB, ADMIN_UID, ADMIN_KEY, 'account.move', 'create', [payrollEntry(1000, 999.99) as XmlParam]]));
    assert.equal(unbalanced.faultCode, 2);
    assert.match(unbalanced.faultString, /^An error has occurred\.\n\nThe move \(.*\) is not balanced\./);

    const missing = faultOf(await xmlRpc(sim.url, 'object', 'execute_kw', [DB, ADMIN_UID, ADMIN_KEY, 'res.partner', 'write', [[99999], { name: 'x' }]]));
    assert.deepEqual(missing, { faultCode: 2, faultString: 'Record does not exist or has been deleted.\n(Record: res.partner(99999,), User: 2)' });

    const field = faultOf(await xmlRpc(sim.url, 'object', 'execute_kw', [DB, ADMIN_UID, ADMIN_KEY, 'res.partner', 'search_read', [[]], { fields: ['nope'] }]));
    assert.equal(field.faultCode, 1);
    assert.ok(field.faultString.endsWith("\nValueError: Invalid field 'nope' on model 'res.partner'\n"));
    assert.equal(sim.log.count({ tag: { fault: 'odoo.exceptions.AccessError' } }), 1);
  });

  it('execute takes positional arguments only; unknown object methods are NameError', async () => {
    assert.equal(await xmlRpc(sim.url, 'object', 'execute', [DB, ADMIN_UID, ADMIN_KEY, 'res.partner', 'search_count', [['is_company', '=', true]]]).then((o) => typeof ('result' in o ? o.result : null)), 'number');
    const fault = faultOf(await xmlRpc(sim.url, 'object', 'exec_workflow', [DB, ADMIN_UID, ADMIN_KEY, 'res.partner', 'x']));
    assert.ok(fault.faultString.endsWith('\nNameError: Method not available exec_workflow\n'));
  });

  it('reads every XML-RPC value type: nil, double, dateTime.iso8601, base64, untyped strings', async () => {
    const body =
      '<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params>' +
      `<param><value>${DB}</value></param><param><value><i4>2</i4></value></param><param><value>${ADMIN_KEY}</value></param>` +
      '<param><value>res.partner</value></param><param><value>search_read</value></param>' +
      '<param><value><array><data><value><array><data>' +
      '<value><array><data><value>write_date</value><value>&gt;=</value><value><dateTime.iso8601>20261102T08:00:00</dateTime.iso8601></value></data></array></value>' +
      '</data></array></value></data></array></value></param>' +
      '<param><value><struct><member><name>fields</name><value><array><data><value><string>name</string></value></data></array></value></member>' +
      '<member><name>limit</name><value><int>2</int></value></member><member><name>offset</name><value><nil/></value></member>' +
      '<member><name>order</name><value><string>id</string></value></member></struct></value></param>' +
      '</params></methodCall>';
    const response = await xmlRpcRaw(sim.url, 'object', body);
    assert.match(response.body, /<name>name<\/name>/);
    assert.doesNotMatch(response.body, /<fault>/);

    const bad = faultOf(await xmlRpc(sim.url, 'object', 'execute_kw', [DB, ADMIN_UID, ADMIN_KEY, 'res.partner', 'search', [[['write_date', '>', { dateTime: '2026-11-02T08:00:00' }]]]]));
    assert.ok(bad.faultString.endsWith("\nValueError: time data '2026-11-02T08:00:00' does not match format '%Y%m%dT%H:%M:%S'\n"));
  });

  it('malformed XML is an ExpatError fault, not a crash', async () => {
    const response = await xmlRpcRaw(sim.url, 'common', '<methodCall><methodName>version</methodName>');
    assert.equal(response.status, 200);
    assert.match(response.body, /<name>faultCode<\/name>\n<value><int>1<\/int><\/value>/);
    assert.match(response.body, /xml\.parsers\.expat\.ExpatError: no element found: line 1, column \d+\n<\/string>/);
    const empty = await xmlRpcRaw(sim.url, 'object', '');
    assert.match(empty.body, /ExpatError: no element found: line 1, column 0/);
  });

  it('an unknown service is a KeyError fault', async () => {
    const fault = faultOf(await xmlRpc(sim.url, 'report', 'render_report', []));
    assert.ok(fault.faultString.endsWith("\nKeyError: 'report'\n"));
  });
});
