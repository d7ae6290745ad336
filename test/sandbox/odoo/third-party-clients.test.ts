import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OdooJSONRpc from '@fernandoslim/odoo-jsonrpc';
import OdooAwait from 'odoo-await';
import { OdooClient } from 'odoo-xmlrpc-ts';
import type { RunningSimulator } from '../../../sandbox/kit';
import { ADMIN_KEY, ADMIN_UID, DB, startOdoo } from './helpers';

/*
 * More clients from npm, written against real Odoo servers by people outside this project, each on its
 * own wire: @fernandoslim/odoo-jsonrpc logs in through /web/session/authenticate and calls
 * /web/dataset/call_kw with the session cookie (the web client's way); odoo-xmlrpc-ts and odoo-await
 * (3.x) speak XML-RPC through the npm `xmlrpc` package. odoo-xmlrpc has its own test.
 */

const ADMIN_PASSWORD = 'mlc-demo-password';
const PARTNER_FIELDS = ['name', 'email', 'country_id', 'state_id', 'is_company', 'vat'];

function hostAndPort(url: string): { baseUrl: string; port: number } {
  const parsed = new URL(url);
  return { baseUrl: `${parsed.protocol}//${parsed.hostname}`, port: Number(parsed.port) };
}

describe('odoo simulator: third-party clients from npm', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startOdoo();
  });
  after(() => sim.close());

  it('@fernandoslim/odoo-jsonrpc logs in through the session route and reads partners over JSON-RPC', async () => {
    const odoo = new OdooJSONRpc({ ...hostAndPort(sim.url), db: DB, username: 'admin', password: ADMIN_PASSWORD });
    const session = await odoo.connect();
    assert.equal(session.uid, ADMIN_UID);
    assert.ok(odoo.sessionId && odoo.sessionId.length >= 20, 'the client found the session_id cookie');

    const [acme] = await odoo.searchRead<Record<string, unknown>>('res.partner', [['ref', '=', 'V-1001']], PARTNER_FIELDS);
    assert.deepEqual(acme, {
      id: acme!['id'],
      name: 'Acme Lumber Supply',
      email: 'ap@acmelumber.example',
      country_id: [1, 'United States'],
      state_id: [3, 'Colorado (US)'],
      is_company: true,
      vat: '84-3137137',
    });
    const [dana] = await odoo.searchRead<Record<string, unknown>>('res.partner', [['name', '=', 'Dana Whitfield']], PARTNER_FIELDS);
    assert.deepEqual({ ...dana, id: 0 }, { id: 0, name: 'Dana Whitfield', email: 'dana.whitfield@acmelumber.example', country_id: [1, 'United States'], state_id: false, is_company: false, vat: false });
    assert.equal(sim.log.count({ path: '/web/session/authenticate' }), 1);
    assert.ok(sim.log.count({ tag: { rpcMethod: 'call_kw', model: 'res.partner', method: 'search_read' } }) >= 2);

    const id = await odoo.create('res.partner', { name: 'Session Client Vendor', country_id: 1, is_company: true });
    const [created] = await odoo.read<Record<string, unknown>>('res.partner', [id], ['name', 'country_id', 'display_name']);
    assert.deepEqual(created, { id, name: 'Session Client Vendor', country_id: [1, 'United States'], display_name: 'Session Client Vendor' });

    // A refusal arrives as Odoo's error envelope, whose data.message the client surfaces.
    await assert.rejects(odoo.update('res.partner', 99999, { name: 'x' }), { message: 'Record does not exist or has been deleted.\n(Record: res.partner(99999,), User: 2)' });

    // The session reopens by its id alone (get_session_info) until the client destroys it.
    const sessionId = odoo.sessionId!;
    const resumed = new OdooJSONRpc({ ...hostAndPort(sim.url), db: DB, sessionId });
    assert.equal((await resumed.connect()).uid, ADMIN_UID);
    await odoo.disconnect();
    const stale = new OdooJSONRpc({ ...hostAndPort(sim.url), db: DB, sessionId });
    await assert.rejects(stale.connect(), { message: 'Authentication failed. Please check your credentials.' });
  });

  it('@fernandoslim/odoo-jsonrpc is refused when it offers an API key as the session password', async () => {
    const odoo = new OdooJSONRpc({ ...hostAndPort(sim.url), db: DB, username: 'admin', password: ADMIN_KEY });
    // The client misses Odoo's error and then finds no cookie: what it says against a real Odoo 19 too.
    await assert.rejects(odoo.connect(), { message: 'Cookie not found in response headers, please check your credentials' });
  });

  it('odoo-xmlrpc-ts authenticates with the API key, reads, creates and reports faults', async () => {
    const client = new OdooClient({ url: sim.url, db: DB, username: 'admin', password: ADMIN_KEY });
    const version = await client.version();
    assert.equal(version.server_version, '19.0');
    assert.equal(await client.authenticate(), ADMIN_UID);

    const partners = await client.searchRead<Record<string, unknown>>('res.partner', [['supplier_rank', '>', 0], ['state_id.code', '=', 'CO']], { fields: PARTNER_FIELDS, limit: 3, order: 'id asc' });
    assert.equal(partners.length, 3);
    for (const partner of partners) {
      assert.deepEqual(partner['country_id'], [1, 'United States']);
      assert.equal(partner['is_company'], true);
    }
    const fields = await client.fieldsGet('res.partner', ['type', 'relation', 'string']);
    assert.deepEqual(fields['state_id'], { type: 'many2one', relation: 'res.country.state', string: 'State' });
    assert.deepEqual(fields['country_id'], { type: 'many2one', relation: 'res.country', string: 'Country' });

    const id = await client.create('res.partner', { name: 'Typed Client Vendor', state_id: 3 });
    const [created] = await client.read<Record<string, unknown>>('res.partner', [id], ['state_id', 'country_code']);
    assert.deepEqual(created, { id, state_id: [3, 'Colorado (US)'], country_code: false });
    await assert.rejects(client.write('res.partner', [99999], { name: 'x' }));

    const wrong = new OdooClient({ url: sim.url, db: DB, username: 'admin', password: 'wrong' });
    await assert.rejects(wrong.authenticate());
  });

  it('odoo-await connects over XML-RPC and uses external ids', async () => {
    const odoo = new OdooAwait({ baseUrl: sim.url, db: DB, username: 'admin', password: ADMIN_KEY });
    assert.equal(await odoo.connect(), ADMIN_UID);
    const rows = (await odoo.searchRead('res.partner', { ref: 'V-1002' }, PARTNER_FIELDS)) as Array<Record<string, unknown>>;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!['name'], 'Granite Ready-Mix Concrete');
    assert.deepEqual(rows[0]!['state_id'], [3, 'Colorado (US)']);

    const id = (await odoo.create('res.partner', { name: 'Await Client Vendor' }, 'await_vendor_1')) as number;
    assert.equal(await odoo.searchByExternalId('await_vendor_1'), id);
    assert.equal(sim.log.count({ tag: { transport: 'xmlrpc', model: 'ir.model.data', method: 'create' } }), 1);
  });
});
