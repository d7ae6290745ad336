import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEMO_ADMIN,
  DEMO_DATABASE,
  DEMO_READER,
  json2ErrorBody,
  json2HttpStatus,
  jsonRpcErrorData,
  OdooFault,
  xmlRpcFault,
} from '../../../sandbox/odoo/engine';
import { ADMIN_UID, callerFor, faultOf, newEngine, READER_UID, records } from './helpers';

describe('odoo engine: authentication', () => {
  it('authenticate returns the uid for the API key or password, False otherwise', () => {
    const engine = newEngine();
    assert.equal(DEMO_DATABASE, 'mlc_demo');
    assert.equal(engine.authenticate('mlc_demo', 'admin', 'mlc-demo-key'), ADMIN_UID);
    assert.equal(engine.authenticate('mlc_demo', DEMO_READER.login, DEMO_READER.apiKey), READER_UID);
    assert.equal(engine.authenticate('mlc_demo', 'admin', 'wrong'), false);
    assert.equal(engine.authenticate('mlc_demo', 'admin', ''), false);
    assert.equal(engine.authenticate('mlc_demo', 'nobody', 'mlc-demo-key'), false);
    assert.equal(engine.authenticate('mlc_demo', 'reader', 'mlc-demo-key'), false, 'a key opens only its own account');
    assert.equal(engine.authenticate('mlc_demo', '__system__', ''), false);
  });

  it('an unknown database fails like a connection to it', () => {
    const fault = faultOf(() => newEngine().authenticate('other_db', 'admin', 'mlc-demo-key'));
    assert.equal(fault.exceptionClass, 'psycopg2.OperationalError');
    assert.match(fault.message, /database "other_db" does not exist/);
  });

  it('execute_kw re-checks the credentials on every call', () => {
    const engine = newEngine();
    assert.equal(engine.executeKw('mlc_demo', ADMIN_UID, DEMO_ADMIN.apiKey, 'res.partner', 'search_count', [[]]), 30);
    const denied = faultOf(() => engine.executeKw('mlc_demo', ADMIN_UID, 'revoked-key', 'res.partner', 'search_count', [[]]));
    assert.equal(denied.exceptionClass, 'odoo.exceptions.AccessDenied');
    assert.equal(denied.message, 'Access Denied');
    assert.equal(faultOf(() => engine.executeKw('mlc_demo', 999, DEMO_ADMIN.apiKey, 'res.partner', 'search', [[]])).message, 'Access Denied');
    assert.equal(faultOf(() => engine.executeKw('mlc_demo', READER_UID, DEMO_ADMIN.apiKey, 'res.partner', 'search', [[]])).message, 'Access Denied');
  });

  it('JSON-2 bearer keys name their user; archived users lose access', () => {
    const engine = newEngine();
    assert.equal(engine.uidForApiKey('mlc-demo-key'), ADMIN_UID);
    assert.equal(engine.uidForApiKey('mlc-reader-key'), READER_UID);
    assert.equal(engine.uidForApiKey('nope'), false);
    assert.equal(engine.uidForApiKey(''), false);
    callerFor(engine)('res.users', 'write', [[READER_UID], { active: false }]);
    assert.equal(engine.uidForApiKey('mlc-reader-key'), false);
    assert.equal(engine.authenticate('mlc_demo', 'reader', 'mlc-reader-key'), false);
  });

  it('version() describes the server', () => {
    assert.deepEqual(newEngine().version(), {
      server_version: '19.0',
      server_version_info: [19, 0, 0, 'final', 0, ''],
      server_serie: '19.0',
      protocol_version: 1,
    });
  });
});

describe('odoo engine: access rights', () => {
  it('the reader reads everything', () => {
    const read = callerFor(newEngine(), READER_UID);
    assert.equal(read('hr.employee', 'search_count', [[]]), 27);
    assert.equal(records(read('account.move', 'search_read', [[]], { fields: ['name'] })).length, 4);
    assert.equal(read('ir.model.data', 'search_count', [[['module', '=', 'mlc_demo']]]) as number > 0, true);
  });

  it('the reader cannot create, write, delete or post, with the AccessError text', () => {
    const engine = newEngine();
    const read = callerFor(engine, READER_UID);
    const before = engine.snapshotCounts();
    const write = faultOf(() => read('account.move', 'write', [[1], { ref: 'x' }]));
    assert.equal(write.exceptionClass, 'odoo.exceptions.AccessError');
    assert.equal(
      write.message,
      "You are not allowed to modify 'Journal Entry' (account.move) records.\n\n" +
        'This operation is allowed for the following groups:\n\t- Invoicing/Billing\n\t- Purchase/User\n\n' +
        'Contact your administrator to request access if necessary.',
    );
    assert.match(faultOf(() => read('res.partner', 'create', [{ name: 'x' }])).message, /^You are not allowed to create 'Contact' \(res\.partner\) records\./);
    assert.match(faultOf(() => read('hr.employee', 'unlink', [[1]])).message, /^You are not allowed to delete 'Employee' \(hr\.employee\) records\./);
    assert.equal(faultOf(() => read('account.move', 'action_post', [[4]])).exceptionClass, 'odoo.exceptions.AccessError');
    assert.equal(faultOf(() => read('hr.employee', 'action_archive', [[1]])).exceptionClass, 'odoo.exceptions.AccessError');
    assert.deepEqual(engine.snapshotCounts(), before);
  });

  it('check_access_rights answers per operation', () => {
    const read = callerFor(newEngine(), READER_UID);
    assert.equal(read('res.partner', 'check_access_rights', ['read']), true);
    assert.equal(read('res.partner', 'check_access_rights', ['write'], { raise_exception: false }), false);
    assert.equal(faultOf(() => read('res.partner', 'check_access_rights', ['unlink'])).exceptionClass, 'odoo.exceptions.AccessError');
    assert.equal(callerFor(newEngine())('account.move', 'check_access_rights', ['unlink']), true);
    assert.equal(faultOf(() => read('res.partner', 'check_access_rights', ['fly'])).exceptionClass, 'builtins.AssertionError');
  });

  it('users with per-model rights', () => {
    const engine = newEngine();
    const uid = engine.addUser({
      login: 'payroll-bot',
      name: 'Payroll Bot',
      apiKeys: ['payroll-key'],
      rights: { kind: 'per-model', models: { 'account.move': { read: true, create: true }, 'account.move.line': { read: true, create: true } } },
    });
    assert.equal(engine.authenticate('mlc_demo', 'payroll-bot', 'payroll-key'), uid);
    const bot = callerFor(engine, uid);
    assert.equal(bot('account.move', 'search_count', [[]]), 4);
    assert.equal(faultOf(() => bot('res.partner', 'search', [[]])).message.startsWith("You are not allowed to access 'Contact' (res.partner) records."), true);
  });
});

describe('odoo engine: method dispatch', () => {
  it('unknown method: AttributeError over RPC, NotFound over JSON-2', () => {
    const engine = newEngine();
    const fault = faultOf(() => callerFor(engine)('res.partner', 'fly_away', [[]]));
    assert.equal(fault.exceptionClass, 'builtins.AttributeError');
    assert.equal(fault.message, "The method 'fly_away' does not exist on the model 'res.partner'");
    assert.equal(json2HttpStatus(faultOf(() => engine.callJson2({ uid: ADMIN_UID, model: 'res.partner', method: 'fly_away', params: {} }))), 404);
  });

  it('action_post exists only where Odoo has it; archiving only on models with active', () => {
    const call = callerFor(newEngine());
    assert.equal(faultOf(() => call('res.partner', 'action_post', [[1]])).exceptionClass, 'builtins.AttributeError');
    assert.equal(faultOf(() => call('account.move', 'action_archive', [[1]])).exceptionClass, 'builtins.AttributeError');
  });

  it('unknown model and private methods', () => {
    const call = callerFor(newEngine());
    const model = faultOf(() => call('x.nothing', 'search', [[]]));
    assert.equal(model.exceptionClass, 'odoo.exceptions.UserError');
    assert.equal(model.message, "Object x.nothing doesn't exist");
    const privateMethod = faultOf(() => call('ir.model.data', '_xmlid_to_res_id', ['base.main_company']));
    assert.equal(privateMethod.exceptionClass, 'odoo.exceptions.AccessError');
    assert.equal(privateMethod.message, 'Private methods (such as _xmlid_to_res_id) cannot be called remotely.');
  });

  it('binds arguments like Python: unexpected keyword, duplicates, missing ones', () => {
    const call = callerFor(newEngine());
    assert.equal(faultOf(() => call('res.partner', 'search', [[]], { colour: 1 })).message, "search() got an unexpected keyword argument 'colour'");
    assert.equal(faultOf(() => call('res.partner', 'search', [[]], { domain: [] })).message, "search() got multiple values for argument 'domain'");
    assert.equal(faultOf(() => call('res.partner', 'create', [])).message, "create() missing 1 required positional argument: 'vals_list'");
    assert.equal(faultOf(() => call('res.partner', 'search', [[], 0, 1, 'id', 'extra'])).message, 'search() takes from 2 to 5 positional arguments but 6 were given');
    assert.equal(faultOf(() => call('res.partner', 'write', [])).exceptionClass, 'builtins.IndexError');
  });

  it('JSON-2: named arguments, ids, context; create always returns a list', () => {
    const engine = newEngine();
    const json2 = (model: string, method: string, params: Record<string, unknown>) => engine.callJson2({ uid: ADMIN_UID, model, method, params });
    assert.deepEqual(json2('res.partner', 'search_read', { domain: [['ref', '=', 'V-1001']], fields: ['name'] }), [{ id: 1, name: 'Acme Lumber Supply' }]);
    assert.deepEqual(json2('res.partner', 'read', { ids: [1], fields: ['ref'] }), [{ id: 1, ref: 'V-1001' }]);
    const created = json2('res.partner', 'create', { vals_list: [{ name: 'J2 One' }] });
    assert.ok(Array.isArray(created) && created.length === 1);
    assert.ok(Array.isArray(json2('res.partner', 'create', { vals_list: { name: 'J2 Two' } })));
    assert.equal(json2('res.partner', 'write', { ids: created, vals: { email: 'j2@example.com' } }), true);
    assert.equal(json2('res.partner', 'search_count', { domain: [['name', '=', 'Quantum Fire Protection']], context: { active_test: false } }), 1);
    assert.deepEqual(json2('res.users', 'context_get', {}), { lang: 'en_US', tz: 'America/Denver', uid: ADMIN_UID });
  });

  it('JSON-2 errors: 404 unknown model, 422 bad arguments or ids on a model method', () => {
    const engine = newEngine();
    const json2 = (model: string, method: string, params: unknown) => faultOf(() => engine.callJson2({ uid: ADMIN_UID, model, method, params }));
    const unknownModel = json2('x.nothing', 'search', {});
    assert.equal(unknownModel.exceptionClass, 'werkzeug.exceptions.NotFound');
    assert.equal(json2HttpStatus(unknownModel), 404);
    const badArgument = json2('res.partner', 'search', { domain: [], colour: 1 });
    assert.equal(badArgument.exceptionClass, 'werkzeug.exceptions.UnprocessableEntity');
    assert.equal(json2HttpStatus(badArgument), 422);
    assert.equal(json2('res.partner', 'search_read', { ids: [1] }).message, 'cannot call res.partner.search_read with ids');
    assert.equal(json2HttpStatus(json2('res.partner', '_private', {})), 404);
  });
});

describe('odoo engine: fault wire forms', () => {
  const fault = (exceptionClass: OdooFault['exceptionClass']) => new OdooFault(exceptionClass, 'message text');

  it('JSON-2 HTTP status per exception class', () => {
    assert.equal(json2HttpStatus(fault('werkzeug.exceptions.Unauthorized')), 401);
    assert.equal(json2HttpStatus(fault('odoo.exceptions.AccessError')), 403);
    assert.equal(json2HttpStatus(fault('odoo.exceptions.AccessDenied')), 403);
    assert.equal(json2HttpStatus(fault('odoo.exceptions.MissingError')), 404);
    assert.equal(json2HttpStatus(fault('werkzeug.exceptions.NotFound')), 404);
    assert.equal(json2HttpStatus(fault('odoo.exceptions.ValidationError')), 422);
    assert.equal(json2HttpStatus(fault('odoo.exceptions.UserError')), 422);
    assert.equal(json2HttpStatus(fault('builtins.ValueError')), 500);
    assert.deepEqual(json2ErrorBody(fault('werkzeug.exceptions.Unauthorized'))['arguments'], ['message text', 401]);
  });

  it('XML-RPC fault codes and strings: 4 AccessError, 3 AccessDenied, 2 user errors, 1 with traceback', () => {
    assert.deepEqual(xmlRpcFault(fault('odoo.exceptions.AccessError')), { faultCode: 4, faultString: 'message text' });
    assert.deepEqual(xmlRpcFault(fault('odoo.exceptions.AccessDenied')), { faultCode: 3, faultString: 'message text' });
    assert.deepEqual(xmlRpcFault(fault('odoo.exceptions.MissingError')), { faultCode: 2, faultString: 'message text' });
    assert.deepEqual(xmlRpcFault(fault('odoo.exceptions.ValidationError')), { faultCode: 2, faultString: 'message text' });
    const server = xmlRpcFault(fault('builtins.ValueError'));
    assert.equal(server.faultCode, 1);
    assert.match(server.faultString, /^Traceback \(most recent call last\):\n[\s\S]*\nValueError: message text\n$/);
    assert.match(xmlRpcFault(fault('psycopg2.OperationalError')).faultString, /\npsycopg2\.OperationalError: message text\n$/);
  });

  it('JSON-RPC error data names the exception class', () => {
    const data = jsonRpcErrorData(fault('odoo.exceptions.UserError'));
    assert.equal(data['name'], 'odoo.exceptions.UserError');
    assert.equal(data['message'], 'message text');
    assert.deepEqual(data['arguments'], ['message text']);
    assert.match(String(data['debug']), /odoo\.exceptions\.UserError: message text/);
  });
});
